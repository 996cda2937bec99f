import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api-client';
import { errorMessageKey } from './error-messages';

/** An API error in the UI language (by its stable `code`), with the request id for support. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = isApiError(error) ? error.code : 'generic';
  const message = t(errorMessageKey(code), { defaultValue: t('errors.generic') });
  return (
    <>
      <Text fz="sm">{message}</Text>
      {isApiError(error) && error.requestId && (
        <Text fz="xs" c="dimmed" mt={4}>
          {t('errors.requestId', { id: error.requestId })}
        </Text>
      )}
    </>
  );
}
