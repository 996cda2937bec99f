import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Badge, Box, Button, Card, CloseButton, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconFileSpreadsheet, IconFileUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import { ImportError } from './ImportError';
import classes from './imports.module.css';

export const ACCEPTED_EXTENSIONS = ['csv', 'xlsx', 'json'] as const;
const ACCEPT = '.csv,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function extensionOf(name: string): string {
  const m = /\.([^.]+)$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

export function isAcceptedFile(file: File): boolean {
  return (ACCEPTED_EXTENSIONS as readonly string[]).includes(extensionOf(file.name));
}

export function useFileSize() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (bytes: number) => {
    if (bytes < 1024) return t('imports.upload.bytes', { size: fmt.number(bytes) });
    if (bytes < 1024 * 1024) return t('imports.upload.kilobytes', { size: fmt.number(Math.round(bytes / 102.4) / 10) });
    return t('imports.upload.megabytes', { size: fmt.number(Math.round(bytes / 104857.6) / 10) });
  };
}

interface UploadStepProps {
  file: File | null;
  onFile: (file: File | null) => void;
  onAnalyse: () => void;
  analysing: boolean;
  error: unknown;
  /** Once the API has previewed the file: go on to the mapping (instead of analysing). */
  onContinue?: (() => void) | undefined;
  /** The preview of the analysed file (columns and first rows). */
  preview?: ReactNode;
}

/** Step 1: a file by drag and drop, or with the ordinary file input (keyboard, screen readers); then its preview. */
export function UploadStep({ file, onFile, onAnalyse, analysing, error, onContinue, preview }: UploadStepProps) {
  const { t } = useTranslation();
  const size = useFileSize();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [rejectedName, setRejectedName] = useState<string | null>(null);

  const take = (f: File | undefined | null) => {
    if (!f) return;
    if (!isAcceptedFile(f)) {
      setRejectedName(f.name);
      return;
    }
    setRejectedName(null);
    onFile(f);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files?.[0]);
  };

  return (
    <Stack gap="md">
      <Box
        className={classes.dropzone}
        data-active={dragging || undefined}
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => e.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-dropzone"
      >
        <Stack align="center" gap="xs">
          <ThemeIcon size={56} radius="xl" variant="light">
            <IconFileUpload size={30} stroke={1.5} />
          </ThemeIcon>
          <Text fw={600}>{t('imports.upload.drop')}</Text>
          <Text fz="sm" c="dimmed">
            {t('imports.upload.formats')}
          </Text>
          <input
            ref={input}
            id={inputId}
            type="file"
            accept={ACCEPT}
            className={classes.fileInput}
            onChange={(e) => {
              take(e.currentTarget.files?.[0]);
              e.currentTarget.value = '';
            }}
            data-testid="import-file-input"
          />
          <Button component="label" htmlFor={inputId} variant="default" mt="xs">
            {t('imports.upload.browse')}
          </Button>
        </Stack>
      </Box>

      {rejectedName && (
        <Text c="red" fz="sm" role="alert" data-testid="import-file-rejected">
          {t('imports.upload.wrongType', { name: rejectedName })}
        </Text>
      )}

      {file && (
        <Card padding="md" data-testid="import-file">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap" miw={0}>
              <ThemeIcon variant="light" color="teal" size="lg">
                <IconFileSpreadsheet size={20} />
              </ThemeIcon>
              <Stack gap={0} miw={0}>
                <Text fw={600} truncate className={classes.sourceValue} data-testid="import-file-name">
                  {file.name}
                </Text>
                <Group gap="xs">
                  <Badge color="gray" variant="outline" className={classes.mono}>
                    {extensionOf(file.name).toUpperCase()}
                  </Badge>
                  <Text fz="xs" c="dimmed">
                    {size(file.size)}
                  </Text>
                </Group>
              </Stack>
            </Group>
            <CloseButton aria-label={t('imports.upload.remove')} onClick={() => onFile(null)} />
          </Group>
        </Card>
      )}

      {error != null && <ImportError error={error} title={t('imports.upload.refused')} />}

      {preview}

      <Group justify="flex-end">
        {onContinue ? (
          <Button onClick={onContinue} disabled={analysing} data-testid="import-continue">
            {t('imports.preview.continue')}
          </Button>
        ) : (
          <Button onClick={onAnalyse} disabled={!file} loading={analysing} data-testid="import-analyse">
            {t('imports.upload.analyse')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
