import { Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import classes from './audit.module.css';

const ARABIC = /[\u0600-\u06FF]/;

/** One recorded value: text in its own direction, lists joined, objects as JSON, nothing as "(empty)". */
export function AuditValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') {
    return (
      <Text fz="sm" c="dimmed" span>
        {t('auditWorkspace.event.empty')}
      </Text>
    );
  }
  if (typeof value === 'string') {
    const arabic = field.endsWith('Ar') || ARABIC.test(value);
    const label = field === 'status' || field === 'implementationStatus' ? t(`status.${value}`, { defaultValue: value }) : value;
    return (
      <Text fz="sm" component="div" className={classes.value} dir={arabic ? 'rtl' : 'auto'} lang={arabic ? 'ar' : undefined}>
        {label}
      </Text>
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean') return <Text fz="sm" span>{String(value)}</Text>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return (
      <Text fz="sm" span dir="auto" className={classes.value}>
        {value.join(', ')}
      </Text>
    );
  }
  return (
    <Code block dir="ltr" fz="xs">
      {JSON.stringify(value, null, 2)}
    </Code>
  );
}
