import { DEFAULT_WORD_LIMITS, REPORT_TYPES, type ReportType } from '@sidh/domain';
import { SETTING_KEYS, type OrganisationName, type SettingKey } from '../settings.read.js';
import type { SettingRow, StoredLogo } from '../settings.repository.js';
import type { LogoInfoDto, PublicSettingsDto, SettingsDto, WordLimitSettingDto } from './settings.dto.js';

/** The logo's public URL: its hash in the query, so a new file is a new URL (cached for a year). */
export const logoUrl = (sha256: string): string => `/api/v1/settings/logo?v=${sha256.slice(0, 16)}`;

const byKey = (rows: readonly SettingRow[]) => new Map<SettingKey, SettingRow>(rows.map((r) => [r.key, r]));

function toLogoInfo(value: Omit<StoredLogo, 'data'>): LogoInfoDto {
  return { url: logoUrl(value.sha256), mediaType: value.mediaType, bytes: value.bytes, width: value.width, height: value.height, fileName: value.fileName };
}

export function toWordLimitSettings(set: Partial<Record<ReportType, number | null>>): WordLimitSettingDto[] {
  return REPORT_TYPES.map((type) => ({ type, limit: type in set ? set[type]! : DEFAULT_WORD_LIMITS[type], defaultLimit: DEFAULT_WORD_LIMITS[type] }));
}

export function toSettingsDto(rows: readonly SettingRow[], reminderDefault: number): SettingsDto {
  const s = byKey(rows);
  const name = s.get(SETTING_KEYS.organisationName);
  const logo = s.get(SETTING_KEYS.logo);
  const reminders = s.get(SETTING_KEYS.reminderDaysBefore);
  const limits = s.get(SETTING_KEYS.wordLimits);
  return {
    organisationName: (name?.value as OrganisationName | undefined) ?? null,
    organisationNameVersion: name?.version ?? 0,
    logo: logo ? toLogoInfo(logo.value as StoredLogo) : null,
    logoVersion: logo?.version ?? 0,
    reminderDaysBefore: typeof reminders?.value === 'number' ? reminders.value : reminderDefault,
    reminderDaysBeforeDefault: reminderDefault,
    remindersVersion: reminders?.version ?? 0,
    wordLimits: toWordLimitSettings((limits?.value as Partial<Record<ReportType, number | null>> | undefined) ?? {}),
    wordLimitsVersion: limits?.version ?? 0,
  };
}

export function toPublicSettingsDto(rows: readonly SettingRow[]): PublicSettingsDto {
  const s = byKey(rows);
  const logo = s.get(SETTING_KEYS.logo)?.value as StoredLogo | undefined;
  return {
    organisationName: (s.get(SETTING_KEYS.organisationName)?.value as OrganisationName | undefined) ?? null,
    logoUrl: logo ? logoUrl(logo.sha256) : null,
    logoWidth: logo?.width ?? null,
    logoHeight: logo?.height ?? null,
  };
}
