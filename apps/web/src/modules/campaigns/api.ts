/** Calls of the reporting campaigns. */
import type { Locale } from '@sidh/domain';
import { api, ifMatch, unwrap } from '../../app/api-client';
import type { CampaignQuery, CreateCampaign, Schemas } from '../../app/api-types';
import { attachment, saveBlob } from '../../app/download';

/** What the coordinator may change after opening: title, description, deadline, status (close / reopen). */
export type CampaignPatch = Schemas['UpdateCampaignDto'];
export type CampaignReminderResult = Schemas['CampaignReminderResultDto'];
export type InstitutionWithoutValidator = Schemas['InstitutionWithoutValidatorDto'];

export const campaignsApi = {
  list: (query: CampaignQuery, signal?: AbortSignal) => unwrap(api.GET('/api/v1/campaigns', { params: { query }, signal })),
  get: (id: string, signal?: AbortSignal) => unwrap(api.GET('/api/v1/campaigns/{id}', { params: { path: { id } }, signal })),
  create: (body: CreateCampaign) => unwrap(api.POST('/api/v1/campaigns', { body })),
  /** One institution's contributions in a campaign. */
  institution: (id: string, institutionId: string, signal?: AbortSignal) =>
    unwrap(api.GET('/api/v1/campaigns/{id}/institutions/{institutionId}', { params: { path: { id, institutionId } }, signal })),
  /** Close, reopen, extend: conditional on the version shown (412 when someone changed it meanwhile). */
  update: (id: string, version: number, body: CampaignPatch) =>
    unwrap(api.PATCH('/api/v1/campaigns/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  /** Reminds the focal points of every contribution not yet submitted (at most once a day each). */
  remind: (id: string) => unwrap(api.POST('/api/v1/campaigns/{id}/reminders', { params: { path: { id } } })),
  /** Institutions with no active validator (their contributions go to the coordinator). */
  institutionsWithoutValidator: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/campaigns/institutions-without-validator', { signal })),
  /** Downloads the progress table as CSV, headers and names in `lang`. */
  exportProgress: async (id: string, lang: Locale): Promise<void> => {
    const fallback = `campaign-progress.csv`;
    const { blob, fileName } = await attachment(
      api.GET('/api/v1/campaigns/{id}/export', { params: { path: { id }, query: { format: 'csv', lang } }, parseAs: 'blob', headers: { Accept: '*/*' } }),
      fallback,
    );
    saveBlob(blob, fileName);
  },
};
