import { useState } from 'react';
import { NumberInput, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MECHANISMS, type Mechanism } from '@sidh/domain';
import { referenceAdminApi, type Body } from '../api';
import { useReferenceWrite } from '../hooks/use-reference-admin';
import { useFieldError } from './form-errors';
import { NameFields, type Names } from './NameFields';
import { ReferenceFormDrawer } from './ReferenceFormDrawer';

/** Create (no `body`) or edit a treaty body or special-procedure mandate; its code and mechanism never change. */
export function BodyDrawer({ body, opened, onClose }: { body: Body | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(body?.code ?? '');
  const [mechanism, setMechanism] = useState<Mechanism | null>(body?.mechanism ?? 'SPECIAL_PROCEDURE');
  const [names, setNames] = useState<Names>({ ar: body?.nameAr ?? '', fr: body?.nameFr ?? '', en: body?.nameEn ?? '' });
  const [months, setMonths] = useState<number | ''>(body?.followUpMonths ?? '');
  const save = useReferenceWrite(() => {
    const base = { nameAr: names.ar, nameFr: names.fr, nameEn: names.en, followUpMonths: months === '' ? null : months };
    return body ? referenceAdminApi.updateBody(body.id, body.version, base) : referenceAdminApi.createBody({ code, mechanism: mechanism!, ...base });
  }, onClose);
  const errors = useFieldError(save.error);

  return (
    <ReferenceFormDrawer opened={opened} onClose={onClose} title={t(body ? 'referenceAdmin.edit.bodies' : 'referenceAdmin.create.bodies')} save={save}>
          <TextInput
            label={t('referenceAdmin.fields.code')}
            description={body ? t('referenceAdmin.fields.codeFixed') : t('referenceAdmin.fields.codeHelp')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            disabled={!!body}
            required
            error={errors('code')}
            data-testid="field-code"
          />
          <Select
            label={t('referenceAdmin.fields.mechanism')}
            data={MECHANISMS.map((m) => ({ value: m, label: t(`mechanism.${m}`) }))}
            value={mechanism}
            onChange={(v) => setMechanism(v as Mechanism | null)}
            disabled={!!body}
            required
            allowDeselect={false}
            error={errors('mechanism')}
            data-testid="field-mechanism"
          />
          <NameFields value={names} onChange={setNames} errors={errors} />
          <NumberInput
            label={t('referenceAdmin.fields.followUpMonths')}
            description={t('referenceAdmin.fields.followUpMonthsHelp')}
            value={months}
            onChange={(v) => setMonths(typeof v === 'number' ? v : '')}
            min={1}
            max={120}
            allowDecimal={false}
            error={errors('followUpMonths')}
            data-testid="field-followUpMonths"
          />
    </ReferenceFormDrawer>
  );
}
