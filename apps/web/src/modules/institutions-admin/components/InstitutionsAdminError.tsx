import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { ErrorMessage } from '../../../app/ErrorMessage';

/** The message key of an error this page explains in its own words, or null (the app's message is shown). */
function ownMessageKey(error: unknown): string | null {
  if (!isApiError(error)) return null;
  if (error.code === 'concurrency.stale') return 'institutionsAdmin.errors.stale';
  if (error.code === 'institution.merge_refused') {
    const reason = (error.details as { reason?: string } | undefined)?.reason;
    return reason ? `institutionsAdmin.merge.refusal.${reason}` : null;
  }
  return null;
}

/** An error of the institutions administration, inline and in the UI language (refusals by their code). */
export function InstitutionsAdminError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const key = ownMessageKey(error);
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} data-testid="institutions-admin-error" role="alert">
      {key ? t(key) : <ErrorMessage error={error} />}
    </Alert>
  );
}
