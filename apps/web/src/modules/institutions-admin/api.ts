/** Calls of the institutions administration: list, detail, create, edit, (de)activate, merge, focal-point designation. */
import { api, ifMatch, unwrap } from '../../app/api-client';
import type { QueryOf, Schemas } from '../../app/api-types';

export type InstitutionItem = Schemas['InstitutionDto'];
export type InstitutionDetail = Schemas['InstitutionDetailDto'];
export type InstitutionQuery = QueryOf<'/api/v1/institutions'>;
export type CreateInstitution = Schemas['CreateInstitutionDto'];
export type UpdateInstitution = Schemas['UpdateInstitutionDto'];
export type MergePreview = Schemas['MergePreviewDto'];
export type MergeResult = Schemas['MergeResultDto'];
export type Designation = Schemas['DesignateFocalPointsDto'];

export const institutionsAdminApi = {
  list: (query: InstitutionQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/institutions', { params: { query }, signal })),
  get: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/institutions/{id}', { params: { path: { id } }, signal })),
  create: (body: CreateInstitution) => unwrap(api.POST('/api/v1/institutions', { body })),
  update: (id: string, version: number, body: UpdateInstitution) =>
    unwrap(api.PATCH('/api/v1/institutions/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  deactivate: (id: string, version: number) => unwrap(api.POST('/api/v1/institutions/{id}/deactivate', { params: { path: { id }, header: ifMatch(version) } })),
  reactivate: (id: string, version: number) => unwrap(api.POST('/api/v1/institutions/{id}/reactivate', { params: { path: { id }, header: ifMatch(version) } })),
  mergePreview: (id: string, targetId: string, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/institutions/{id}/merge-preview', { params: { path: { id }, query: { targetId } }, signal })),
  merge: (id: string, version: number, targetId: string) =>
    unwrap(api.POST('/api/v1/institutions/{id}/merge', { params: { path: { id }, header: ifMatch(version) }, body: { targetId } })),
  designate: (id: string, version: number, body: Designation) =>
    unwrap(api.PUT('/api/v1/institutions/{id}/focal-points', { params: { path: { id }, header: ifMatch(version) }, body })),
};
