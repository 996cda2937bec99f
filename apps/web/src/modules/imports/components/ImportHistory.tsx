import { useState } from 'react';
import { ActionIcon, Alert, Badge, Card, EmptyState, Group, Pagination, Skeleton, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconEqual, IconFileImport, IconPencil, IconPlus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { useFormat } from '../../../app/locale';
import { importsApi } from '../api';
import { useImportList } from '../hooks/use-imports';
import type { ImportJob, ImportStatus } from '../../../app/api-types';
import { saveBlob, shortHash } from '../utils/download';
import { ImportError } from './ImportError';
import classes from './imports.module.css';

export const HISTORY_PAGE_SIZE = 20;

const COUNT_BADGES = {
  new: { color: 'teal', icon: IconPlus },
  updated: { color: 'blue', icon: IconPencil },
  unchanged: { color: 'gray', icon: IconEqual },
  rejected: { color: 'red', icon: IconX },
} as const;

function CountIcon({ kind }: { kind: keyof typeof COUNT_BADGES }) {
  const Icon = COUNT_BADGES[kind].icon;
  return <Icon size={12} stroke={2.2} aria-hidden />;
}

const STATUS_COLORS: Record<ImportStatus, string> = {
  running: 'blue',
  succeeded: 'teal',
  rejected: 'orange',
  failed: 'red',
};

function DownloadOriginal({ job, onError }: { job: ImportJob; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const { blob, fileName } = await importsApi.originalFile(job.id, job.fileName);
      saveBlob(blob, fileName);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip label={t('imports.history.download')} withArrow>
      <ActionIcon variant="subtle" onClick={download} loading={busy} aria-label={t('imports.history.downloadFile', { name: job.fileName })} data-testid="import-download">
        <IconDownload size={18} />
      </ActionIcon>
    </Tooltip>
  );
}

/** Every import (dry runs included): who, when, which file (name, SHA-256), counts, status. */
export function ImportHistory() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const list = useImportList(page, HISTORY_PAGE_SIZE);
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / HISTORY_PAGE_SIZE)) : 1;

  if (list.isError && !data) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title={t('imports.history.error')}>
        <ErrorMessage error={list.error} />
      </Alert>
    );
  }

  return (
    <Stack gap="md">
      {downloadError != null && <ImportError error={downloadError} title={t('imports.history.downloadError')} />}
      <Card padding={0}>
        {list.isPending && (
          <Stack p="md" gap="sm" aria-busy="true" aria-label={t('common.loading')}>
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} h={18} />
            ))}
          </Stack>
        )}
        {data && data.items.length === 0 && (
          <EmptyState
            p="xl"
            icon={<IconFileImport size={28} />}
            withIndicatorBackground
            title={t('imports.history.emptyTitle')}
            description={t('imports.history.empty')}
          />
        )}
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="import-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.history.when')}</Table.Th>
                  <Table.Th>{t('imports.history.who')}</Table.Th>
                  <Table.Th>{t('imports.history.file')}</Table.Th>
                  <Table.Th>{t('imports.history.sha256')}</Table.Th>
                  <Table.Th>{t('imports.history.counts')}</Table.Th>
                  <Table.Th>{t('imports.history.status')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((job) => (
                  <Table.Tr key={job.id} data-testid="import-history-row" data-status={job.status} data-dry-run={job.dryRun}>
                    <Table.Td>
                      <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
                        {fmt.dateTime(job.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{job.createdBy?.name ?? t('imports.history.unknownUser')}</Text>
                    </Table.Td>
                    <Table.Td maw={280}>
                      <Text fz="sm" fw={500} truncate className={classes.sourceValue} title={job.fileName}>
                        {job.fileName}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {job.format.toUpperCase()} · {t('imports.history.rows', { count: job.totalRows, formatted: fmt.number(job.totalRows) })} ·{' '}
                        {t(`imports.presets.${job.mapping.preset}.label`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={job.sha256} withArrow>
                        <Text fz="sm" className={classes.mono} data-testid="import-sha">
                          {shortHash(job.sha256)}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {(['new', 'updated', 'unchanged', 'rejected'] as const).map((k) => (
                          <Tooltip key={k} label={t(`imports.counts.${job.dryRun ? 'planned' : 'done'}.${k}`)} withArrow>
                            <Badge
                              variant={job.counts[k] ? 'light' : 'outline'}
                              color={COUNT_BADGES[k].color}
                              leftSection={<CountIcon kind={k} />}
                              className={classes.numeric}
                              aria-label={`${t(`imports.counts.${job.dryRun ? 'planned' : 'done'}.${k}`)} : ${fmt.number(job.counts[k])}`}
                              data-testid={`history-count-${k}`}
                            >
                              {fmt.number(job.counts[k])}
                            </Badge>
                          </Tooltip>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Badge color={STATUS_COLORS[job.status]}>{t(`imports.status.${job.status}`)}</Badge>
                        {job.dryRun && (
                          <Badge color="gray" variant="outline">
                            {t('imports.history.dryRun')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <DownloadOriginal job={job} onError={setDownloadError} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={page} onChange={setPage} withEdges getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })} />
        </Group>
      )}
    </Stack>
  );
}
