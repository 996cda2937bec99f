import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../app/ErrorMessage';

/** An API error of the report screens, in the UI language (by its code, with the request id). */
export function ReportError({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={title ?? t('reports.common.error')} data-testid="report-error">
      <ErrorMessage error={error} />
    </Alert>
  );
}
