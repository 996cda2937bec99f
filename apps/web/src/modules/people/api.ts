/** Calls of the institutions' people: members, invitations, accepting an invitation. */
import { api, unwrap } from '../../app/api-client';
import type { CreateInvitation } from '../../app/api-types';

export const peopleApi = {
  members: (institutionId: string, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/institutions/{id}/members', { params: { path: { id: institutionId } }, signal })),
  invite: (body: CreateInvitation) => unwrap(api.POST('/api/v1/invitations', { body })),
  /** Anonymous: the invitation token proves who it is (the client sends no bearer token for it). */
  accept: (token: string, password: string) => unwrap(api.POST('/api/v1/invitations/accept', { body: { token, password } })),
};
