import { Anchor, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat, useLocale } from '../../../app/locale';
import { contributionPath } from '../../../app/routes';
import { StatusBadge } from '../../recommendations/components/Badges';
import { useContributions } from '../../contributions/hooks/use-contribution';
import { ContributionStatusBadge, CONTRIBUTION_STATUS_COLOR } from '../../reporting/components/ContributionStatusBadge';
import { ReportingError } from '../../reporting/components/ReportingError';
import type { ContributionQuery } from '../../../app/api-types';
import { institutionName } from '../../reporting/utils/labels';

/** Every contribution on a recommendation, newest first: institution, campaign, workflow and implementation status. */
export function ContributionTimeline({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const query: ContributionQuery = { recommendationId, pageSize: 100 };
  const q = useContributions(query);
  if (q.isPending) return <Loader size="xs" aria-label={t('common.loading')} />;
  if (q.isError) return <ReportingError error={q.error} />;
  const items = [...q.data.items].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  if (items.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        {t('reporting.timeline.empty')}
      </Text>
    );
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} active={items.length} data-testid="contribution-timeline">
      {items.map((c) => (
        <Timeline.Item
          key={c.id}
          color={CONTRIBUTION_STATUS_COLOR[c.status]}
          data-testid="timeline-item"
          data-status={c.status}
          title={
            <Group gap="xs" wrap="wrap">
              <Anchor component={Link} to={contributionPath(c.id)} fz="sm" fw={600}>
                {institutionName(c.institution, locale)}
              </Anchor>
              <ContributionStatusBadge status={c.status} />
              {c.implementationStatus && <StatusBadge status={c.implementationStatus} />}
              {c.supersededById && (
                <Text fz="xs" c="dimmed">
                  {t('reporting.timeline.superseded')}
                </Text>
              )}
            </Group>
          }
        >
          <Stack gap={0}>
            <Text fz="xs" c="dimmed" dir="auto">
              {c.campaign.title}
            </Text>
            <Text fz="xs" c="dimmed">
              {c.validatedAt
                ? t('reporting.timeline.validatedOn', { date: fmt.dateTime(c.validatedAt) })
                : c.submittedAt
                  ? t('reporting.timeline.submittedOn', { date: fmt.dateTime(c.submittedAt) })
                  : t('reporting.timeline.updatedOn', { date: fmt.dateTime(c.updatedAt) })}
              {c.updatedBy ? ` · ${c.updatedBy.name}` : ''}
            </Text>
          </Stack>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
