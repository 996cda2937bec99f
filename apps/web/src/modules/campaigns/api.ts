/** Calls of the reporting campaigns. */
import { api, unwrap } from '../../app/api-client';
import type { CampaignQuery, CreateCampaign } from '../../app/api-types';

export const campaignsApi = {
  list: (query: CampaignQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/campaigns', { params: { query }, signal })),
  get: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/campaigns/{id}', { params: { path: { id } }, signal })),
  create: (body: CreateCampaign) => unwrap(api.POST('/api/v1/campaigns', { body })),
  /** One institution's contributions in a campaign. */
  institution: (id: string, institutionId: string, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/campaigns/{id}/institutions/{institutionId}', { params: { path: { id, institutionId } }, signal })),
};
