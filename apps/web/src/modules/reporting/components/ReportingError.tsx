import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { ErrorMessage } from '../../../app/ErrorMessage';

const REPORTING_CODES = new Set([
  'contribution.illegal_transition',
  'contribution.locked',
  'contribution.not_editable',
  'assignment.has_contributions',
  'evidence.unsupported_type',
  'evidence.type_mismatch',
  'invitation.invalid',
  'request.payload_too_large',
  'common.conflict',
  'common.not_found',
  'concurrency.stale',
  'validation.failed',
]);

/** An API error of the reporting screens in the UI language, falling back on the app's messages. */
export function ReportingErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (isApiError(error) && REPORTING_CODES.has(error.code)) {
    return <>{t(`reporting.errors.${error.code.replace('.', '_')}`)}</>;
  }
  return <ErrorMessage error={error} />;
}

export function ReportingError({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={title ?? t('reporting.common.error')} data-testid="reporting-error">
      <ReportingErrorText error={error} />
    </Alert>
  );
}
