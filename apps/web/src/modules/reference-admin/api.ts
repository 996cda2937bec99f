/** Calls of the reference data administration (reference:manage); the lists are those every screen reads. */
import { api, ifMatch, unwrap } from '../../app/api-client';
import type { Schemas } from '../../app/api-types';

export type Body = Schemas['BodyDto'];
export type Review = Schemas['ReviewDto'];
export type ListItem = Schemas['AdministeredRefDto'];
export type SubAxis = Schemas['SubAxisRefDto'];
export type NewBody = Schemas['CreateBodyDto'];
export type BodyPatch = Schemas['UpdateBodyDto'];
export type NewReview = Schemas['CreateReviewDto'];
export type ReviewPatch = Schemas['UpdateReviewDto'];
export type NewListItem = Schemas['CreateListItemDto'];
export type ListItemPatch = Schemas['UpdateListItemDto'];

/** The lists of codes and names, as named in the URL. */
export const LIST_KINDS = ['themes', 'affected-persons', 'axes', 'sub-axes'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export const referenceAdminApi = {
  bodies: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/bodies', { signal })),
  reviews: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/reference/reviews', { signal })),
  list: async (kind: ListKind, signal?: AbortSignal): Promise<Array<ListItem | SubAxis>> => {
    switch (kind) {
      case 'themes':
        return unwrap(api.GET('/api/v1/reference/themes', { signal }));
      case 'affected-persons':
        return unwrap(api.GET('/api/v1/reference/affected-persons', { signal }));
      case 'axes':
        return unwrap(api.GET('/api/v1/reference/axes', { signal }));
      case 'sub-axes':
        return unwrap(api.GET('/api/v1/reference/sub-axes', { signal }));
    }
  },
  createBody: (body: NewBody) => unwrap(api.POST('/api/v1/reference/bodies', { body })),
  updateBody: (id: string, version: number, body: BodyPatch) => unwrap(api.PATCH('/api/v1/reference/bodies/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  createReview: (body: NewReview) => unwrap(api.POST('/api/v1/reference/reviews', { body })),
  updateReview: (id: string, version: number, body: ReviewPatch) => unwrap(api.PATCH('/api/v1/reference/reviews/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  createItem: (list: ListKind, body: NewListItem) => unwrap(api.POST('/api/v1/reference/{list}', { params: { path: { list } }, body })),
  updateItem: (list: ListKind, code: string, version: number, body: ListItemPatch) =>
    unwrap(api.PATCH('/api/v1/reference/{list}/{code}', { params: { path: { list, code }, header: ifMatch(version) }, body })),
};
