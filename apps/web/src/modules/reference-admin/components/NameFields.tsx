import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface Names {
  ar: string;
  fr: string;
  en: string;
}

/**
 * The three names of an entry. Each input takes the direction of what is typed (dir="auto" from the
 * theme): Arabic right to left, French and English left to right, whatever the UI language.
 */
export function NameFields({ value, onChange, errors, prefix = 'name', labelKey = 'name' }: {
  value: Names;
  onChange: (names: Names) => void;
  errors: (field: string) => string | undefined;
  /** API field prefix: `name` (nameAr…) or `title` (titleAr…). */
  prefix?: 'name' | 'title';
  labelKey?: 'name' | 'title';
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t(`referenceAdmin.fields.${labelKey}Ar`)}
        value={value.ar}
        onChange={(e) => onChange({ ...value, ar: e.currentTarget.value })}
        lang="ar"
        required
        error={errors(`${prefix}Ar`)}
        data-testid={`field-${prefix}Ar`}
      />
      <TextInput
        label={t(`referenceAdmin.fields.${labelKey}Fr`)}
        value={value.fr}
        onChange={(e) => onChange({ ...value, fr: e.currentTarget.value })}
        lang="fr"
        required
        error={errors(`${prefix}Fr`)}
        data-testid={`field-${prefix}Fr`}
      />
      <TextInput
        label={t(`referenceAdmin.fields.${labelKey}En`)}
        value={value.en}
        onChange={(e) => onChange({ ...value, en: e.currentTarget.value })}
        lang="en"
        required
        error={errors(`${prefix}En`)}
        data-testid={`field-${prefix}En`}
      />
    </>
  );
}
