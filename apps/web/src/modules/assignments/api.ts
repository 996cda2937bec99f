/** Calls of the assignments (which institution reports on which recommendation) and the consolidated status. */
import { api, ifMatch, unwrap } from '../../app/api-client';
import type { AssignmentQuery, BulkAssign, CreateAssignment, UpdateAssignment } from '../../app/api-types';

export const assignmentsApi = {
  list: (query: AssignmentQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/assignments', { params: { query }, signal })),
  create: (body: CreateAssignment) => unwrap(api.POST('/api/v1/assignments', { body })),
  update: (id: string, body: UpdateAssignment, version: number) =>
    unwrap(api.PATCH('/api/v1/assignments/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  remove: async (id: string, version: number): Promise<void> => {
    await unwrap(api.DELETE('/api/v1/assignments/{id}', { params: { path: { id }, header: ifMatch(version) } }));
  },
  bulk: (body: BulkAssign) => unwrap(api.POST('/api/v1/assignments/bulk', { body })),
  /** The consolidated status the validated contributions of the lead institutions suggest. */
  statusSuggestion: (recommendationId: string, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/recommendations/{id}/status-suggestion', { params: { path: { id: recommendationId } }, signal })),
};
