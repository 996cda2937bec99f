import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';

/** Renders a field value of a recommendation (history entry, conflict) as text in the UI language. */
export function useValueFormatter() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return useCallback(
    (field: string, value: unknown): string => {
      if (value === null || value === undefined || value === '') return t('common.empty');
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      if (typeof value === 'number') return fmt.number(value);
      if (typeof value === 'string') {
        if (field === 'status') return t(`status.${value}`, { defaultValue: value });
        if (field === 'response') return t(`response.${value}`, { defaultValue: value });
        if (field === 'mechanism') return t(`mechanism.${value}`, { defaultValue: value });
        if (field === 'kind') return t(`kind.${value}`, { defaultValue: value });
        if (/(Date|At)$/.test(field) && /^\d{4}-\d{2}-\d{2}/.test(value)) {
          return field.endsWith('At') ? fmt.dateTime(value) : fmt.date(value);
        }
        return value;
      }
      if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
      return JSON.stringify(value);
    },
    [t, fmt],
  );
}

/** A field name in the UI language (`textFr` → "Texte (français)"); unknown fields keep their name. */
export function useFieldLabel() {
  const { t } = useTranslation();
  return useCallback((field: string) => t(`fields.${field}`, { defaultValue: field }), [t]);
}
