import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EMAIL_DOMAIN_PATTERN, INSTITUTION_TYPES, normaliseEmailDomain, wouldMakeCycle, type InstitutionType } from '@sidh/domain';
import { fieldErrorsOf } from '../../../app/api-client';
import { useLocale } from '../../../app/locale';
import { autoDir } from '../../reporting/utils/auto-dir';
import { institutionName } from '../../reporting/utils/labels';
import type { CreateInstitution, InstitutionDetail, InstitutionItem } from '../api';
import { useCreateInstitution, useUpdateInstitution } from '../hooks/use-institutions-admin';
import { InstitutionsAdminError } from './InstitutionsAdminError';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;

interface Values {
  nameAr: string;
  nameFr: string;
  nameEn: string;
  code: string;
  type: InstitutionType;
  parentId: string | null;
  emailDomains: string[];
}

const valuesOf = (i: InstitutionDetail | null): Values => ({
  nameAr: i?.nameAr ?? '',
  nameFr: i?.nameFr ?? '',
  nameEn: i?.nameEn ?? '',
  code: i?.code ?? '',
  type: (i?.type as InstitutionType | undefined) ?? 'ministry',
  parentId: i?.parentId ?? null,
  emailDomains: i?.emailDomains ?? [],
});

/** Arabic is typed right-to-left whatever the UI language. */
const rtl = (el: HTMLInputElement | null) => el?.setAttribute('dir', 'rtl');

/**
 * The three names (Arabic right-to-left), code, type, parent and e-mail domains. Creates when
 * `institution` is null, else saves the changed fields with the version read (412 → reloaded).
 */
export function InstitutionForm({ institution, all, onCreated, disabled }: { institution: InstitutionDetail | null; all: readonly InstitutionItem[]; onCreated?: (id: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [values, setValues] = useState<Values>(() => valuesOf(institution));
  const [saved, setSaved] = useState(false);
  const create = useCreateInstitution();
  const update = useUpdateInstitution(institution?.id ?? '');
  const mutation = institution ? update : create;
  useEffect(() => setValues(valuesOf(institution)), [institution?.id, institution?.version]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setSaved(false);
    setValues((v) => ({ ...v, [key]: value }));
  };
  const parents = useMemo(() => {
    const parentOf = new Map(all.map((i) => [i.id, i.parentId ?? null]));
    return all
      .filter((i) => i.active && i.id !== institution?.id && !(institution && wouldMakeCycle(institution.id, i.id, parentOf)))
      .map((i) => ({ value: i.id, label: `${institutionName(i, locale)} (${i.code})` }));
  }, [all, institution, locale]);

  const server = fieldErrorsOf(mutation.error) ?? {};
  const local: Partial<Record<keyof Values, boolean>> = {
    code: values.code !== '' && !CODE.test(values.code),
    emailDomains: values.emailDomains.some((d) => !EMAIL_DOMAIN_PATTERN.test(d)),
  };
  const error = (field: keyof Values) => (local[field] || server[field] ? t('institutionsAdmin.form.invalid') : undefined);
  const complete = values.nameAr.trim() && values.nameFr.trim() && values.nameEn.trim() && values.code && !Object.values(local).some(Boolean);

  const submit = () => {
    setSaved(false);
    const body: CreateInstitution = { ...values, nameAr: values.nameAr.trim(), nameFr: values.nameFr.trim(), nameEn: values.nameEn.trim() };
    if (!institution) {
      create.mutate(body, { onSuccess: (created) => onCreated?.(created.id) });
      return;
    }
    const before = valuesOf(institution);
    const changed = Object.fromEntries(Object.entries(body).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof Values])));
    update.mutate({ version: institution.version, body: changed }, { onSuccess: () => setSaved(true) });
  };

  return (
    <Stack gap="sm" data-testid="institution-form">
      <TextInput label={t('institutionsAdmin.form.nameAr')} value={values.nameAr} onChange={(e) => set('nameAr', e.currentTarget.value)} ref={rtl} lang="ar" required error={server['nameAr'] && t('institutionsAdmin.form.invalid')} disabled={disabled} data-testid="institution-name-ar" />
      <TextInput label={t('institutionsAdmin.form.nameFr')} value={values.nameFr} onChange={(e) => set('nameFr', e.currentTarget.value)} ref={autoDir} lang="fr" required error={server['nameFr'] && t('institutionsAdmin.form.invalid')} disabled={disabled} data-testid="institution-name-fr" />
      <TextInput label={t('institutionsAdmin.form.nameEn')} value={values.nameEn} onChange={(e) => set('nameEn', e.currentTarget.value)} ref={autoDir} lang="en" required error={server['nameEn'] && t('institutionsAdmin.form.invalid')} disabled={disabled} data-testid="institution-name-en" />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('institutionsAdmin.form.code')}
          description={t('institutionsAdmin.form.codeHelp')}
          value={values.code}
          onChange={(e) => set('code', e.currentTarget.value.toUpperCase())}
          dir="ltr"
          required
          error={error('code')}
          disabled={disabled}
          data-testid="institution-code"
        />
        <Select
          label={t('institutionsAdmin.form.type')}
          data={INSTITUTION_TYPES.map((type) => ({ value: type, label: t(`institutionsAdmin.types.${type}`) }))}
          value={values.type}
          onChange={(v) => v && set('type', v as InstitutionType)}
          allowDeselect={false}
          disabled={disabled}
          data-testid="institution-type"
        />
      </SimpleGrid>
      <Select
        label={t('institutionsAdmin.form.parent')}
        placeholder={t('institutionsAdmin.form.noParent')}
        data={parents}
        value={values.parentId}
        onChange={(v) => set('parentId', v ?? null)}
        searchable
        clearable
        error={error('parentId')}
        disabled={disabled}
        data-testid="institution-parent"
      />
      <TagsInput
        label={t('institutionsAdmin.form.domains')}
        description={t('institutionsAdmin.form.domainsHelp')}
        placeholder={t('institutionsAdmin.form.domainsPlaceholder')}
        value={values.emailDomains}
        onChange={(v) => set('emailDomains', [...new Set(v.map(normaliseEmailDomain).filter(Boolean))])}
        dir="ltr"
        error={error('emailDomains')}
        disabled={disabled}
        data-testid="institution-domains"
      />
      <InstitutionsAdminError error={mutation.error && !fieldErrorsOf(mutation.error) ? mutation.error : null} />
      {saved && (
        <Alert color="teal" variant="light" icon={<IconCheck />} data-testid="institution-saved">
          {t('institutionsAdmin.form.saved')}
        </Alert>
      )}
      {!disabled && (
        <Group justify="flex-end">
          <Button onClick={submit} disabled={!complete} loading={mutation.isPending} data-testid="institution-save">
            {institution ? t('institutionsAdmin.form.save') : t('institutionsAdmin.form.create')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
