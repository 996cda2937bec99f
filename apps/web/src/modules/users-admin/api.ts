/** Calls of the users administration: accounts, pending invitations, an account's sign-in history. */
import { api, ifMatch, unwrap } from '../../app/api-client';
import type { QueryOf, Schemas } from '../../app/api-types';

export type UserSummary = Schemas['UserSummaryDto'];
export type UserPage = Schemas['UserPageDto'];
export type UserQuery = QueryOf<'/api/v1/users'>;
export type UserPatch = Schemas['UpdateUserDto'];
export type OpenInvitation = Schemas['OpenInvitationDto'];

/** One sign-in attempt of an account (`GET /users/:id/sign-ins`), and a page of them. */
export type SignInEvent = Schemas['SignInDto'];
export type SignInPage = Schemas['SignInPageDto'];

export const usersAdminApi = {
  list: (query: UserQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/users', { params: { query }, signal })),
  get: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } }, signal })),
  /** Role, institution, name, language: conditional on the version shown (412 when someone changed it meanwhile). */
  update: (id: string, version: number, body: UserPatch) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  deactivate: (id: string, version: number) => unwrap(api.POST('/api/v1/users/{id}/deactivate', { params: { path: { id }, header: ifMatch(version) } })),
  reactivate: (id: string, version: number) => unwrap(api.POST('/api/v1/users/{id}/reactivate', { params: { path: { id }, header: ifMatch(version) } })),
  invitations: (institutionId: string | undefined, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/invitations', { params: { query: institutionId ? { institutionId } : {} }, signal })),
  resendInvitation: (id: string) => unwrap(api.POST('/api/v1/invitations/{id}/resend', { params: { path: { id } } })),
  revokeInvitation: (id: string) => unwrap(api.POST('/api/v1/invitations/{id}/revoke', { params: { path: { id } } })),
  /** Lost device: the account's two-factor sign-in and recovery codes are removed; its sessions end. */
  resetTotp: (id: string) => unwrap(api.POST('/api/v1/users/{id}/totp/reset', { params: { path: { id } } })).then(() => undefined),
  /** An account's sign-in attempts, newest first; `cursor` is the previous page's `nextCursor`. */
  signIns: (id: string, cursor: string | null, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/users/{id}/sign-ins', { params: { path: { id }, query: { limit: 20, ...(cursor ? { cursor } : {}) } }, signal })),
};
