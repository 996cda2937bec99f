import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { ErrorMessage } from '../../../app/ErrorMessage';

/** The message key the API named for a field (`validation.failed` → details.fields.<field>), if any. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error) || error.code !== 'validation.failed') return undefined;
  const fields = (error.details as { fields?: Record<string, string> } | undefined)?.fields;
  return fields?.[field];
}

/** An account form's error: a field's message when the API named one, else the error's own. */
export function FormError({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const keys = fields.map((f) => fieldError(error, f)).filter((k): k is string => !!k);
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} data-testid="account-error">
      {keys.length ? keys.map((k) => <Text key={k} fz="sm">{t(k, { defaultValue: t('validation.invalid') })}</Text>) : <ErrorMessage error={error} />}
    </Alert>
  );
}
