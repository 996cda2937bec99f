import { useRef, useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Progress,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconDownload, IconExternalLink, IconFile, IconLink, IconTrash, IconUpload } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITY, type Confidentiality } from '@sidh/domain';
import { useFormat } from '../../../app/locale';
import type { UploadHandle } from '../../../app/api-client';
import type { Evidence } from '../../../app/api-types';
import { ReportingError } from '../../reporting/components/ReportingError';
import { autoDir } from '../../reporting/utils/auto-dir';
import { contributionsApi } from '../api';

const CONFIDENTIALITY_COLOR: Record<Confidentiality, string> = { public: 'teal', internal: 'blue', restricted: 'red' };
const ACCEPT = '.pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

function size(bytes: number | null, fmt: ReturnType<typeof useFormat>, t: TFunction): string {
  if (bytes === null) return '';
  if (bytes < 1024) return t('reporting.evidence.bytes', { n: fmt.number(bytes) });
  if (bytes < 1024 * 1024) return t('reporting.evidence.kb', { n: fmt.number(Math.round(bytes / 102.4) / 10) });
  return t('reporting.evidence.mb', { n: fmt.number(Math.round(bytes / 104857.6) / 10) });
}

export function ConfidentialityBadge({ level }: { level: Confidentiality }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant="light" color={CONFIDENTIALITY_COLOR[level]}>
      {t(`reporting.confidentiality.${level}`)}
    </Badge>
  );
}

function EvidenceRow({ e, onRemove }: { e: Evidence; onRemove?: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [error, setError] = useState<unknown>(null);
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm" data-testid="evidence-item">
      <Group gap="sm" wrap="nowrap" miw={0}>
        {e.kind === 'file' ? <IconFile size={20} stroke={1.5} /> : <IconLink size={20} stroke={1.5} />}
        <Stack gap={0} miw={0}>
          <Text fz="sm" fw={500} dir="auto" truncate data-testid="evidence-title">
            {e.title || e.fileName || e.url}
          </Text>
          {/* Each part isolated (<bdi>): a Latin file name, a size, a person's name and a date would
              otherwise reorder around the separators in an Arabic line. */}
          <Text fz="xs" c="dimmed" truncate data-testid="evidence-meta">
            {e.kind === 'file' ? (
              <>
                <bdi>{e.fileName}</bdi>
                {e.sizeBytes !== null && (
                  <>
                    {' · '}
                    <bdi>{size(e.sizeBytes, fmt, t)}</bdi>
                  </>
                )}
              </>
            ) : (
              <bdi dir="ltr">{e.url}</bdi>
            )}
            {e.createdBy && (
              <>
                {' · '}
                <bdi>{e.createdBy.name}</bdi>
              </>
            )}
            {' · '}
            <bdi>{fmt.date(e.createdAt)}</bdi>
          </Text>
          {error ? <Text fz="xs" c="red">{t('reporting.evidence.downloadFailed')}</Text> : null}
        </Stack>
      </Group>
      <Group gap={4} wrap="nowrap">
        <ConfidentialityBadge level={e.confidentiality} />
        {e.kind === 'file' ? (
          <Tooltip label={t('reporting.evidence.download')} withArrow>
            <ActionIcon
              variant="subtle"
              aria-label={t('reporting.evidence.download')}
              onClick={() => contributionsApi.downloadEvidence(e).catch(setError)}
              data-testid="evidence-download"
            >
              <IconDownload size={16} />
            </ActionIcon>
          </Tooltip>
        ) : (
          e.url && (
            <Tooltip label={t('reporting.evidence.open')} withArrow>
              <ActionIcon component="a" href={e.url} target="_blank" rel="noopener noreferrer nofollow" variant="subtle" aria-label={t('reporting.evidence.open')}>
                <IconExternalLink size={16} />
              </ActionIcon>
            </Tooltip>
          )
        )}
        {onRemove && (
          <Tooltip label={t('reporting.evidence.remove')} withArrow>
            <ActionIcon variant="subtle" color="red" aria-label={t('reporting.evidence.remove')} onClick={onRemove} data-testid="evidence-remove">
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Group>
  );
}

/** Evidence files and links; with `editable`, upload (with progress), add links and remove. */
export function EvidencePanel({
  contributionId,
  items,
  editable,
  onChanged,
}: {
  contributionId: string;
  items: Evidence[];
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [confidentiality, setConfidentiality] = useState<Confidentiality>('internal');
  const [title, setTitle] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [linkBusy, setLinkBusy] = useState(false);
  const handle = useRef<UploadHandle<Evidence> | null>(null);
  const resetRef = useRef<() => void>(null);

  const upload = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setUploading(file.name);
    setProgress(0);
    const h = contributionsApi.uploadEvidence(contributionId, { file, title: title.trim() || file.name, confidentiality }, setProgress);
    handle.current = h;
    try {
      await h.promise;
      setTitle('');
      onChanged();
    } catch (e) {
      if ((e as Error)?.name !== 'AbortError') setError(e);
    } finally {
      handle.current = null;
      setUploading(null);
      setProgress(null);
      resetRef.current?.();
    }
  };

  const addLink = async () => {
    setError(null);
    setLinkBusy(true);
    try {
      await contributionsApi.addLink(contributionId, { url: url.trim(), title: title.trim() || url.trim(), confidentiality });
      setUrl('');
      setTitle('');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setLinkBusy(false);
    }
  };

  const remove = async (id: string) => {
    setError(null);
    try {
      await contributionsApi.removeEvidence(id);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Stack gap="sm" data-testid="evidence-panel">
      {items.length === 0 && (
        <Text fz="sm" c="dimmed">
          {t('reporting.evidence.empty')}
        </Text>
      )}
      {items.map((e) => (
        <EvidenceRow key={e.id} e={e} onRemove={editable ? () => void remove(e.id) : undefined} />
      ))}
      {editable && (
        <Stack gap="xs" mt="xs" p="sm" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
          <Group grow align="flex-end" wrap="wrap">
            <TextInput
              label={t('reporting.evidence.title')}
              placeholder={t('reporting.evidence.titlePlaceholder')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              ref={autoDir}
              maxLength={300}
              data-testid="evidence-title-input"
            />
            <Select
              label={t('reporting.evidence.confidentialityLabel')}
              value={confidentiality}
              onChange={(v) => v && setConfidentiality(v as Confidentiality)}
              data={CONFIDENTIALITY.map((c) => ({ value: c, label: t(`reporting.confidentiality.${c}`) }))}
              allowDeselect={false}
              data-testid="evidence-confidentiality"
            />
          </Group>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <FileButton onChange={(f) => void upload(f)} accept={ACCEPT} resetRef={resetRef}>
              {(props) => (
                <Button {...props} leftSection={<IconUpload size={16} />} variant="light" disabled={uploading !== null} data-testid="evidence-upload">
                  {t('reporting.evidence.upload')}
                </Button>
              )}
            </FileButton>
            <Text fz="xs" c="dimmed">
              {t('reporting.evidence.formats')}
            </Text>
          </Group>
          {uploading !== null && (
            <Stack gap={4} data-testid="evidence-progress">
              <Group justify="space-between">
                <Text fz="xs" dir="auto">
                  {t('reporting.evidence.uploading', { name: uploading })}
                </Text>
                <Anchor component="button" fz="xs" onClick={() => handle.current?.abort()}>
                  {t('common.cancel')}
                </Anchor>
              </Group>
              <Progress value={Math.round((progress ?? 0) * 100)} animated striped aria-label={t('reporting.evidence.progress')} />
            </Stack>
          )}
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label={t('reporting.evidence.link')}
              placeholder="https://"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              dir="ltr"
              type="url"
              data-testid="evidence-url"
            />
            <Button variant="default" onClick={() => void addLink()} loading={linkBusy} disabled={!/^https?:\/\/\S+$/.test(url.trim())} data-testid="evidence-add-link">
              {t('reporting.evidence.addLink')}
            </Button>
          </Group>
        </Stack>
      )}
      <ReportingError error={error} />
    </Stack>
  );
}
