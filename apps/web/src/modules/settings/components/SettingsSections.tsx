import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, FileInput, Group, Image, Loader, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { reportTypeName, type Locale } from '@sidh/domain';
import { fieldErrorsOf, isApiError } from '../../../app/api-client';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat, useLocale } from '../../../app/locale';
import { referenceAdminApi, type Body } from '../../reference-admin/api';
import { adminKeys, useBodiesAdmin } from '../../reference-admin/hooks/use-reference-admin';
import { nameIn } from '../../reference-admin/utils/filter';
import { settingsApi, type Settings } from '../api';
import { useSettings, useSettingsWrite } from '../hooks/use-settings';

/** Why a logo was refused (`details.reason` of the 400). */
function logoReason(error: unknown): string | null {
  if (!isApiError(error)) return null;
  if (error.status === 413) return 'too_large';
  const reason = error.details?.['reason'];
  return typeof reason === 'string' ? reason : null;
}

function Section({ title, description, children, testId }: { title: string; description?: string; children: ReactNode; testId: string }) {
  return (
    <Card withBorder padding="lg" data-testid={testId}>
      <Stack gap="sm">
        <div>
          <Title order={2} fz="lg">
            {title}
          </Title>
          {description && (
            <Text c="dimmed" fz="sm">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

/** A refusal no field shows: stale (412: reloaded), or any other. */
function SaveError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error || fieldErrorsOf(error)) return null;
  if (isApiError(error) && error.status === 412) return <Alert color="orange">{t('settings.stale')}</Alert>;
  return (
    <Alert color="red">
      <ErrorMessage error={error} />
    </Alert>
  );
}

function Saved({ show }: { show: boolean }) {
  const { t } = useTranslation();
  return show ? (
    <Text c="teal" fz="sm" role="status">
      {t('settings.saved')}
    </Text>
  ) : null;
}

function fieldError(t: (k: string) => string, error: unknown, field: string): string | undefined {
  const key = fieldErrorsOf(error)?.[field];
  return key ? t(key) : undefined;
}

function OrganisationNameSection({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const [name, setName] = useState({ ar: settings.organisationName?.ar ?? '', fr: settings.organisationName?.fr ?? '', en: settings.organisationName?.en ?? '' });
  const save = useSettingsWrite((_: void, current) => settingsApi.setOrganisationName(current.organisationNameVersion, name));
  const langs = ['ar', 'fr', 'en'] as const;
  return (
    <Section title={t('settings.name.title')} description={t('settings.name.description')} testId="settings-name">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          {langs.map((lang) => (
            <TextInput
              key={lang}
              label={t(`settings.name.${lang}`)}
              value={name[lang]}
              onChange={(e) => setName({ ...name, [lang]: e.currentTarget.value })}
              lang={lang}
              maxLength={200}
              error={fieldError(t, save.error, lang)}
              data-testid={`org-name-${lang}`}
            />
          ))}
          <SaveError error={save.error} />
          <Group justify="flex-end">
            <Saved show={save.isSuccess} />
            <Button type="submit" loading={save.isPending} data-testid="save-org-name">
              {t('settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

function LogoSection({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const upload = useSettingsWrite((f: File, current) => settingsApi.setLogo(current.logoVersion, f));
  const remove = useSettingsWrite((_: void, current) => settingsApi.removeLogo(current.logoVersion));
  const reason = logoReason(upload.error);
  return (
    <Section title={t('settings.logo.title')} description={t('settings.logo.description')} testId="settings-logo">
      {settings.logo ? (
        <Group gap="md" align="center">
          <Image src={settings.logo.url} alt={t('settings.logo.current')} h={56} w="auto" fit="contain" data-testid="settings-logo-preview" />
          <Text fz="sm" c="dimmed">
            <bdi>{settings.logo.fileName}</bdi> · <bdi>{fmt.number(Math.ceil(settings.logo.bytes / 1024))}</bdi> {t('settings.logo.kb')}
          </Text>
          <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending} data-testid="remove-logo">
            {t('settings.logo.remove')}
          </Button>
        </Group>
      ) : (
        <Text fz="sm" c="dimmed">
          {t('settings.logo.none')}
        </Text>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate(file, { onSuccess: () => setFile(null) });
        }}
      >
        <Group align="flex-end" gap="sm">
          <FileInput
            label={t('settings.logo.file')}
            accept="image/png,image/svg+xml"
            value={file}
            onChange={setFile}
            clearable
            w={320}
            error={reason ? t(`settings.logo.refused.${reason}`, { defaultValue: t('settings.logo.refused.unsupported_type') }) : undefined}
            data-testid="logo-file"
          />
          <Button type="submit" disabled={!file} loading={upload.isPending} data-testid="upload-logo">
            {t('settings.logo.upload')}
          </Button>
        </Group>
      </form>
      {!reason && <SaveError error={upload.error} />}
      <SaveError error={remove.error} />
    </Section>
  );
}

function RemindersSection({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number | ''>(settings.reminderDaysBefore);
  const save = useSettingsWrite((_: void, current) => settingsApi.setReminders(current.remindersVersion, typeof days === 'number' ? days : 0));
  return (
    <Section title={t('settings.reminders.title')} description={t('settings.reminders.description', { days: settings.reminderDaysBeforeDefault })} testId="settings-reminders">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Group align="flex-end" gap="sm">
          <NumberInput
            label={t('settings.reminders.days')}
            value={days}
            onChange={(v) => setDays(typeof v === 'number' ? v : '')}
            min={1}
            max={60}
            allowDecimal={false}
            w={200}
            error={fieldError(t, save.error, 'daysBefore')}
            data-testid="reminder-days"
          />
          <Button type="submit" loading={save.isPending} data-testid="save-reminders">
            {t('settings.save')}
          </Button>
          <Saved show={save.isSuccess} />
        </Group>
        <SaveError error={save.error} />
      </form>
    </Section>
  );
}

function WordLimitsSection({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [limits, setLimits] = useState<Record<string, number | ''>>(() => Object.fromEntries(settings.wordLimits.map((l) => [l.type, l.limit ?? ''])));
  const save = useSettingsWrite((_: void, current) =>
    settingsApi.setWordLimits(
      current.wordLimitsVersion,
      settings.wordLimits.map((l) => ({ type: l.type, limit: limits[l.type] === '' ? null : (limits[l.type] as number) })),
    ),
  );
  return (
    <Section title={t('settings.wordLimits.title')} description={t('settings.wordLimits.description')} testId="settings-word-limits">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.wordLimits.type')}</Table.Th>
              <Table.Th>{t('settings.wordLimits.limit')}</Table.Th>
              <Table.Th>{t('settings.wordLimits.default')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {settings.wordLimits.map((l, i) => (
              <Table.Tr key={l.type}>
                <Table.Td>{reportTypeName(l.type, locale as Locale)}</Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={t('settings.wordLimits.limitOf', { type: reportTypeName(l.type, locale as Locale) })}
                    value={limits[l.type]}
                    onChange={(v) => setLimits({ ...limits, [l.type]: typeof v === 'number' ? v : '' })}
                    min={100}
                    max={100000}
                    step={100}
                    allowDecimal={false}
                    thousandSeparator=" "
                    placeholder={t('settings.wordLimits.none')}
                    w={160}
                    error={fieldError(t, save.error, `limits.${i}.limit`)}
                    data-testid={`word-limit-${l.type}`}
                  />
                </Table.Td>
                <Table.Td>{l.defaultLimit === null ? t('settings.wordLimits.none') : <bdi>{fmt.number(l.defaultLimit)}</bdi>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <SaveError error={save.error} />
        <Group justify="flex-end" mt="sm">
          <Saved show={save.isSuccess} />
          <Button type="submit" loading={save.isPending} data-testid="save-word-limits">
            {t('settings.save')}
          </Button>
        </Group>
      </form>
    </Section>
  );
}

/** Follow-up delays per treaty body: the bodies' own field, saved through the reference API. */
function FollowUpRow({ body }: { body: Body }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const [months, setMonths] = useState<number | ''>(body.followUpMonths ?? '');
  const [state, setState] = useState<{ pending: boolean; error: unknown; saved: boolean }>({ pending: false, error: null, saved: false });
  const save = async () => {
    setState({ pending: true, error: null, saved: false });
    try {
      await referenceAdminApi.updateBody(body.id, body.version, { followUpMonths: months === '' ? null : months });
      setState({ pending: false, error: null, saved: true });
    } catch (error) {
      setState({ pending: false, error, saved: false });
    }
    await client.invalidateQueries({ queryKey: adminKeys.all });
  };
  return (
    <Table.Tr>
      <Table.Td>
        <bdi>{body.code}</bdi> — <bdi>{nameIn(body, locale)}</bdi>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <NumberInput
            aria-label={t('settings.followUp.monthsOf', { body: body.code })}
            value={months}
            onChange={(v) => setMonths(typeof v === 'number' ? v : '')}
            min={1}
            max={120}
            allowDecimal={false}
            w={110}
            error={fieldError(t, state.error, 'followUpMonths')}
            data-testid={`follow-up-${body.code}`}
          />
          <Button size="compact-sm" variant="light" onClick={() => void save()} loading={state.pending} disabled={months === (body.followUpMonths ?? '')} data-testid={`save-follow-up-${body.code}`}>
            {t('settings.save')}
          </Button>
          <Saved show={state.saved} />
        </Group>
        {!fieldErrorsOf(state.error) && <SaveError error={state.error} />}
      </Table.Td>
    </Table.Tr>
  );
}

function FollowUpSection() {
  const { t } = useTranslation();
  const bodies = useBodiesAdmin();
  const treaty = (bodies.data ?? []).filter((b) => b.mechanism === 'TREATY_BODY' && b.active);
  return (
    <Section title={t('settings.followUp.title')} description={t('settings.followUp.description')} testId="settings-follow-up">
      {bodies.isLoading ? (
        <Loader size="sm" />
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.followUp.body')}</Table.Th>
              <Table.Th>{t('settings.followUp.months')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {treaty.map((b) => (
              <FollowUpRow key={`${b.id}:${b.version}`} body={b} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

/** The settings page's sections, each saved on its own (its own If-Match). */
export function SettingsSections() {
  const settings = useSettings();
  if (settings.isLoading) return <Loader />;
  if (settings.error || !settings.data) return <ErrorMessage error={settings.error} />;
  const s = settings.data;
  return (
    <Stack gap="lg" maw={860}>
      <OrganisationNameSection key={`name:${s.organisationNameVersion}`} settings={s} />
      <LogoSection settings={s} />
      <RemindersSection key={`reminders:${s.remindersVersion}`} settings={s} />
      <WordLimitsSection key={`limits:${s.wordLimitsVersion}`} settings={s} />
      <FollowUpSection />
    </Stack>
  );
}
