import { useState, type ReactNode } from 'react';
import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { saveBlob, type DownloadedFile } from '../../../app/download';
import { errorMessageKey } from '../../../app/error-messages';

/**
 * Fetches a file through the API client (the token is in memory, a plain link would not carry it) and
 * hands it to the browser under the server's file name.
 */
export function DownloadButton({
  fetchFile,
  children,
  icon,
  variant = 'light',
  size = 'sm',
  testId,
}: {
  fetchFile: () => Promise<DownloadedFile>;
  children: ReactNode;
  icon?: ReactNode;
  variant?: 'light' | 'default' | 'subtle' | 'filled';
  size?: 'xs' | 'sm' | 'compact-sm';
  testId?: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, fileName } = await fetchFile();
      saveBlob(blob, fileName);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={2} align="flex-start">
      <Button variant={variant} size={size} leftSection={icon} onClick={run} loading={busy} data-testid={testId}>
        {children}
      </Button>
      {error !== null && (
        <Text fz="xs" c="red" data-testid={testId ? `${testId}-error` : undefined}>
          {t(errorMessageKey(isApiError(error) ? error.code : 'generic'), { defaultValue: t('errors.generic') })}
        </Text>
      )}
    </Stack>
  );
}
