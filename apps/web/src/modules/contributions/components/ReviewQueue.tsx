import { Alert, Card, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContributionQuery } from '../../../app/api-types';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useContributions } from '../hooks/use-contribution';
import { ContributionTable } from './ContributionTable';

/**
 * Contributions awaiting the caller: for a validator, the institution's submitted ones; for the
 * coordinator, the approved ones across institutions, and the submitted ones of institutions without
 * an active validator (marked, with the reason) — the API's `mine` filter knows the role.
 */
export function ReviewQueue({ acrossInstitutions }: { acrossInstitutions: boolean }) {
  const { t } = useTranslation();
  const q: ContributionQuery = { mine: true, pageSize: 100 };
  const query = useContributions(q);
  if (query.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (query.isError) return <ReportingError error={query.error} />;
  const direct = query.data.items.filter((c) => c.status === 'submitted' && c.reviewer === 'coordinator').length;
  return (
    <Stack gap="md" data-testid="review-queue">
      {direct > 0 && (
        <Alert color="yellow" variant="light" data-testid="queue-no-validator">
          {t('workflow.queue.noValidator', { count: direct })}
        </Alert>
      )}
      <Card>
        {query.data.items.length === 0 ? (
          <Text c="dimmed" fz="sm" ta="center" py="lg" data-testid="queue-empty">
            {t('reporting.queue.empty')}
          </Text>
        ) : (
          <ContributionTable items={query.data.items} showInstitution={acrossInstitutions} testId="queue-table" />
        )}
      </Card>
    </Stack>
  );
}
