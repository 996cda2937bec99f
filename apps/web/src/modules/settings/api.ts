/** Calls of the settings page (settings:manage) and of the login page's brand (public). */
import { api, ifMatch, unwrap } from '../../app/api-client';
import type { Schemas } from '../../app/api-types';

export type Settings = Schemas['SettingsDto'];
export type PublicSettings = Schemas['PublicSettingsDto'];
export type OrganisationName = Schemas['OrganisationNameDto'];
export type WordLimit = Schemas['WordLimitDto'];

export const settingsApi = {
  get: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/settings', { signal })),
  wordLimits: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/settings/word-limits', { signal })),
  publicSettings: (signal?: AbortSignal) => unwrap(api.GET('/api/v1/settings/public', { signal })),
  setOrganisationName: (version: number, body: OrganisationName) => unwrap(api.PUT('/api/v1/settings/organisation-name', { params: { header: ifMatch(version) }, body })),
  setReminders: (version: number, daysBefore: number) => unwrap(api.PUT('/api/v1/settings/reminders', { params: { header: ifMatch(version) }, body: { daysBefore } })),
  setWordLimits: (version: number, limits: WordLimit[]) => unwrap(api.PUT('/api/v1/settings/word-limits', { params: { header: ifMatch(version) }, body: { limits } })),
  setLogo: (version: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return unwrap(api.PUT('/api/v1/settings/logo', { params: { header: ifMatch(version) }, body: form as unknown as { file: string }, bodySerializer: (b) => b as unknown as FormData }));
  },
  removeLogo: (version: number) => unwrap(api.DELETE('/api/v1/settings/logo', { params: { header: ifMatch(version) } })),
};
