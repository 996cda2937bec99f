import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ReportType } from '@sidh/domain';
import { AuditWriter } from '../../audit/audit.writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import { staleError } from '../../common/concurrency.js';
import { AppConfig } from '../../config/app-config.js';
import type { OrganisationNameDto, PublicSettingsDto, ReminderSettingsDto, SettingsDto, WordLimitsDto, WordLimitsInForceDto } from './dto/settings.dto.js';
import { toPublicSettingsDto, toSettingsDto, toWordLimitSettings } from './dto/settings.mapper.js';
import { checkLogo } from './logo-check.js';
import { SettingsErrors } from './settings.errors.js';
import { SETTING_KEYS, wordLimits, type SettingKey } from './settings.read.js';
import { SettingsRepository, type StoredLogo } from './settings.repository.js';

/** An uploaded file as multer keeps it in memory. */
export interface UploadedLogoFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/** How long the login page's settings are kept in process: written here, they are forgotten at once; written by another instance, within this. */
export const PUBLIC_SETTINGS_TTL_MS = 30_000;

/**
 * Organisation settings (settings:manage: the administrator): one row per key, each PUT validated by
 * its DTO, conditional on the version read (If-Match; 0 for a setting never set) and audited in its
 * transaction as `setting.update` (the logo's bytes are not copied into the audit trail, only its hash).
 */
@Injectable()
export class SettingsService {
  private publicCache: { value: Promise<PublicSettingsDto>; at: number } | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
  ) {}

  /** `db`: the transaction's manager when called inside one (the embedded engine has one connection). */
  async all(db?: EntityManager): Promise<SettingsDto> {
    return toSettingsDto(await this.settings.listAll(db), this.config.REMINDER_DAYS_BEFORE);
  }

  /** The login page's name and logo: one small query, kept in process (see PUBLIC_SETTINGS_TTL_MS). */
  publicSettings(now = Date.now()): Promise<PublicSettingsDto> {
    if (!this.publicCache || now - this.publicCache.at > PUBLIC_SETTINGS_TTL_MS) {
      const value = this.settings.publicSettings().then(toPublicSettingsDto);
      value.catch(() => (this.publicCache = null));
      this.publicCache = { value, at: now };
    }
    return this.publicCache.value;
  }

  async logoFile(): Promise<{ buffer: Buffer; mediaType: string; sha256: string } | null> {
    const logo = await this.settings.logo();
    return logo ? { buffer: Buffer.from(logo.data, 'base64'), mediaType: logo.mediaType, sha256: logo.sha256 } : null;
  }

  async wordLimitsInForce(): Promise<WordLimitsInForceDto> {
    const limits = await wordLimits(this.dataSource.manager);
    return { wordLimits: toWordLimitSettings(limits) };
  }

  async setOrganisationName(version: number, input: OrganisationNameDto, actor: AuditActor): Promise<SettingsDto> {
    if (!input.ar && !input.fr && !input.en) throw SettingsErrors.invalid('fr');
    return this.write(SETTING_KEYS.organisationName, version, { ar: input.ar, fr: input.fr, en: input.en }, actor);
  }

  async setReminders(version: number, input: ReminderSettingsDto, actor: AuditActor): Promise<SettingsDto> {
    return this.write(SETTING_KEYS.reminderDaysBefore, version, input.daysBefore, actor);
  }

  async setWordLimits(version: number, input: WordLimitsDto, actor: AuditActor): Promise<SettingsDto> {
    const limits: Partial<Record<ReportType, number | null>> = {};
    input.limits.forEach((l, i) => {
      if (l.type in limits) throw SettingsErrors.invalid(`limits.${i}.type`);
      limits[l.type] = l.limit;
    });
    return this.write(SETTING_KEYS.wordLimits, version, limits, actor);
  }

  /** Checks the file from its bytes (PNG, or an SVG without active content; see logo-check.ts), then stores it. */
  async setLogo(version: number, file: UploadedLogoFile | undefined, actor: AuditActor): Promise<SettingsDto> {
    if (!file) throw AppException.validation({ file: 'validation.required' });
    const check = checkLogo(file.buffer);
    if (!check.ok) throw SettingsErrors.logoRefused(check.reason);
    const logo: StoredLogo = {
      mediaType: check.mediaType,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      bytes: file.buffer.length,
      width: check.width,
      height: check.height,
      fileName: file.originalname.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120),
      data: file.buffer.toString('base64'),
    };
    return this.write(SETTING_KEYS.logo, version, logo, actor);
  }

  async removeLogo(version: number, actor: AuditActor): Promise<SettingsDto> {
    return this.write(SETTING_KEYS.logo, version, null, actor);
  }

  /** `value` null removes the setting (its default applies again). */
  private async write(key: SettingKey, version: number, value: unknown, actor: AuditActor): Promise<SettingsDto> {
    const result = await this.dataSource.transaction(async (manager) => {
      const current = await this.settings.lockVersion(manager, key);
      const stale = async () => staleError({ current: await this.all(manager), lastChange: await this.audit.lastChange(manager, 'setting', key) });
      if (current !== version) throw await stale();
      if (value === null && current === 0) throw AppException.notFound('Logo');
      const before = (await this.settings.listAll(manager)).find((r) => r.key === key)?.value ?? null;
      const written = value === null ? await this.settings.remove(manager, key, version) : await this.settings.write(manager, key, version, value);
      if (!written) throw await stale();
      const after = value === null ? null : (await this.settings.listAll(manager)).find((r) => r.key === key)?.value ?? null;
      await this.audit.append(manager, actor, { action: 'setting.update', entityType: 'setting', entityId: key, changes: { [key]: { before, after } } });
      return toSettingsDto(await this.settings.listAll(manager), this.config.REMINDER_DAYS_BEFORE);
    });
    this.publicCache = null;
    return result;
  }
}
