import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import { RoutePath } from '../../../app/routes';
import type { ImportJobDetail } from '../../../app/api-types';
import { FileFacts } from './DryRunReport';
import { ImportCounts } from './ImportCounts';

/** Step 5: what the commit did, or why nothing was written. */
export function ImportResult({ job, onRestart }: { job: ImportJobDetail; onRestart: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ok = job.status === 'succeeded';
  return (
    <Stack gap="lg" data-testid="import-result" data-status={job.status}>
      {ok ? (
        <Alert color="teal" icon={<IconCircleCheck />} title={t('imports.result.successTitle')} data-testid="import-success">
          {t('imports.result.success', {
            created: fmt.number(job.counts.new),
            updated: fmt.number(job.counts.updated),
            date: job.finishedAt ? fmt.dateTime(job.finishedAt) : '',
          })}
        </Alert>
      ) : (
        <Alert color="red" icon={<IconAlertTriangle />} title={t('imports.result.failedTitle')} data-testid="import-failed">
          <Text fz="sm">
            {job.error ? t(`imports.errors.${job.error.code}`, { defaultValue: t('imports.result.failed') }) : t('imports.result.failed')}
          </Text>
          <Text fz="sm" mt={4}>
            {t('imports.result.nothingWritten')}
          </Text>
        </Alert>
      )}
      <Card>
        <FileFacts job={job} />
      </Card>
      <ImportCounts counts={job.counts} committed={ok} />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" component={Link} to={RoutePath.Imports} data-testid="import-history-link">
          {t('imports.result.history')}
        </Button>
        <Button variant="default" onClick={onRestart} data-testid="import-restart">
          {t('imports.result.another')}
        </Button>
        {ok && (
          <Button component={Link} to={RoutePath.Recommendations}>
            {t('imports.result.recommendations')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
