import { useState } from 'react';
import { Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../app/locale';
import { referenceAdminApi, type ListItem, type ListKind, type SubAxis } from '../api';
import { useListAdmin, useReferenceWrite } from '../hooks/use-reference-admin';
import { nameIn } from '../utils/filter';
import { useFieldError } from './form-errors';
import { NameFields, type Names } from './NameFields';
import { ReferenceFormDrawer } from './ReferenceFormDrawer';

/** Create (no `item`) or edit a theme, group of affected persons, axis or sub-axis. */
export function ListItemDrawer({ kind, item, opened, onClose }: { kind: ListKind; item: ListItem | SubAxis | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [code, setCode] = useState(item?.code ?? '');
  const [names, setNames] = useState<Names>({ ar: item?.nameAr ?? '', fr: item?.nameFr ?? '', en: item?.nameEn ?? '' });
  const [axisCode, setAxisCode] = useState<string | null>((item as SubAxis | null)?.axisCode ?? null);
  const axes = useListAdmin('axes', kind === 'sub-axes');
  const save = useReferenceWrite(() => {
    const base = { nameAr: names.ar, nameFr: names.fr, nameEn: names.en, ...(kind === 'sub-axes' && axisCode ? { axisCode } : {}) };
    return item ? referenceAdminApi.updateItem(kind, item.code, item.version, base) : referenceAdminApi.createItem(kind, { code, ...base });
  }, onClose);
  const errors = useFieldError(save.error);

  return (
    <ReferenceFormDrawer opened={opened} onClose={onClose} title={t(item ? `referenceAdmin.edit.${kind}` : `referenceAdmin.create.${kind}`)} save={save}>
          <TextInput
            label={t('referenceAdmin.fields.code')}
            description={item ? t('referenceAdmin.fields.codeFixed') : t('referenceAdmin.fields.codeHelp')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            disabled={!!item}
            required
            error={errors('code')}
            data-testid="field-code"
          />
          {kind === 'sub-axes' && (
            <Select
              label={t('referenceAdmin.fields.axis')}
              data={(axes.data ?? []).filter((a) => a.active || a.code === axisCode).map((a) => ({ value: a.code, label: `${a.code} — ${nameIn(a, locale)}` }))}
              value={axisCode}
              onChange={setAxisCode}
              required
              searchable
              error={errors('axisCode')}
              data-testid="field-axisCode"
            />
          )}
          <NameFields value={names} onChange={setNames} errors={errors} />
    </ReferenceFormDrawer>
  );
}
