import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { ErrorMessage } from '../../../app/ErrorMessage';

/** The message key of an error this page explains in its own words, or null (the app's message is shown). */
function ownMessageKey(error: unknown): string | null {
  if (!isApiError(error)) return null;
  switch (error.code) {
    case 'concurrency.stale':
      return 'usersAdmin.errors.stale';
    case 'common.conflict':
      return 'usersAdmin.errors.conflict';
    case 'common.not_found':
      return 'usersAdmin.errors.notFound';
    case 'validation.failed': {
      const field = (error.details as { fields?: Record<string, string> } | undefined)?.fields?.['institutionId'];
      if (field === 'validation.required') return 'usersAdmin.errors.institutionRequired';
      if (field === 'validation.unknownCode') return 'usersAdmin.errors.unknownInstitution';
      return null;
    }
    default:
      return null;
  }
}

/** An error of the users administration, inline and in the UI language (refusals by their code). */
export function UsersAdminError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const key = ownMessageKey(error);
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} data-testid="users-admin-error" role="alert">
      {key ? t(key) : <ErrorMessage error={error} />}
    </Alert>
  );
}
