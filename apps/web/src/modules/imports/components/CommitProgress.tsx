import { Card, Group, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconDatabaseImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import type { ImportJob } from '../../../app/api-types';

export function progressPercent(job: Pick<ImportJob, 'processedRows' | 'totalRows' | 'status'>): number {
  if (job.status !== 'running') return 100;
  if (job.totalRows <= 0) return 0;
  return Math.min(100, Math.round((job.processedRows / job.totalRows) * 100));
}

/** Step 4: the commit's progress, as the job reports it (polled). */
export function CommitProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const percent = progressPercent(job);
  return (
    <Card padding="xl" data-testid="import-progress">
      <Stack gap="md">
        <Group gap="sm">
          <ThemeIcon variant="light" size="lg">
            <IconDatabaseImport size={20} />
          </ThemeIcon>
          <Stack gap={0}>
            <Text fw={600}>{t('imports.progress.title')}</Text>
            <Text fz="sm" c="dimmed">
              {t('imports.progress.hint')}
            </Text>
          </Stack>
        </Group>
        <Progress
          value={percent}
          size="xl"
          radius="md"
          animated={job.status === 'running'}
          striped={job.status === 'running'}
          aria-label={t('imports.progress.label')}
          data-testid="import-progress-bar"
          data-value={percent}
        />
        <Text fz="sm" c="dimmed" aria-live="polite" data-testid="import-progress-text">
          {t('imports.progress.rows', { processed: fmt.number(job.processedRows), total: fmt.number(job.totalRows), percent: fmt.number(percent) })}
        </Text>
      </Stack>
    </Card>
  );
}
