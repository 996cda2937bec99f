import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf, isApiError } from '../../../app/api-client';
import { ErrorMessage } from '../../../app/ErrorMessage';

/** The field a 409 names (`details.field`: a code or document symbol already used). */
function conflictField(error: unknown): string | null {
  if (!isApiError(error) || error.status !== 409) return null;
  const field = error.details?.['field'];
  return typeof field === 'string' ? field : null;
}

/** The message under a field: its validation message (400), or "already used" (409). */
export function useFieldError(error: unknown) {
  const { t } = useTranslation();
  const fields = fieldErrorsOf(error) ?? {};
  const duplicate = conflictField(error);
  return (field: string): string | undefined => {
    if (duplicate === field) return t('referenceAdmin.errors.duplicate');
    const key = fields[field];
    return key ? t(key, { defaultValue: t('validation.invalid') }) : undefined;
  };
}

/** What no field shows: a stale version (412), or any other refusal. */
export function FormAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error || fieldErrorsOf(error) || conflictField(error)) return null;
  if (isApiError(error) && error.status === 412) {
    return (
      <Alert color="orange" role="alert" data-testid="reference-stale">
        {t('referenceAdmin.errors.stale')}
      </Alert>
    );
  }
  return (
    <Alert color="red" role="alert">
      <ErrorMessage error={error} />
    </Alert>
  );
}
