import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { errorMessageKey } from '../../../app/error-messages';
import { isUploadGone } from '../api';

/** Details of a refused file worth showing: where the problem is. */
function detailLine(details: unknown): Record<string, string> {
  if (!details || typeof details !== 'object') return {};
  const d = details as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of ['line', 'column', 'field', 'detected', 'maxRows']) {
    const v = d[k];
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}

/**
 * A refused file or mapping, in the UI language: the import's own codes (`import.file_empty` …) are in
 * the `imports.errors` catalog, the platform's (`request.payload_too_large`, network) in `errors`.
 */
export function ImportError({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  const code = isApiError(error) ? error.code : 'generic';
  // The stored upload is unknown, expired or changed: whatever the code, the file must be analysed again.
  const gone = isUploadGone(error);
  const message = gone ? t('imports.errors.uploadGone') : t(`imports.errors.${code}`, { defaultValue: t(errorMessageKey(code), { defaultValue: t('errors.generic') }) });
  const where = isApiError(error) && !gone ? detailLine(error.details) : {};
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={title ?? t('imports.errors.title')} data-testid="import-error" data-code={code}>
      <Text fz="sm">{message}</Text>
      {Object.keys(where).length > 0 && (
        <Text fz="xs" c="dimmed" mt={4}>
          {Object.entries(where)
            .map(([k, v]) => `${t(`imports.errors.where.${k}`)} ${v}`)
            .join(' · ')}
        </Text>
      )}
      {isApiError(error) && error.requestId && (
        <Text fz="xs" c="dimmed" mt={4}>
          {t('errors.requestId', { id: error.requestId })}
        </Text>
      )}
    </Alert>
  );
}
