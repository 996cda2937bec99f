import { Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCalendarDue } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import { campaignPath } from '../../../app/routes';
import { ReportingError } from '../../reporting/components/ReportingError';
import { daysUntil } from '../../reporting/utils/labels';
import { useCampaigns } from '../hooks/use-campaigns';
import { ProgressBar } from './ProgressChart';
import classes from './campaigns.module.css';

export function CampaignList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const query = useCampaigns();
  if (query.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (query.isError) return <ReportingError error={query.error} />;
  if (query.data.items.length === 0) {
    return (
      <Card>
        <Text c="dimmed" fz="sm" ta="center" py="lg" data-testid="campaigns-empty">
          {t('reporting.campaigns.empty')}
        </Text>
      </Card>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md" data-testid="campaign-list">
      {query.data.items.map((c) => {
        const days = daysUntil(c.deadline);
        const p = c.progress;
        return (
          <Card key={c.id} className={classes.card} data-testid="campaign-card">
            <Stack gap="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Anchor component={Link} to={campaignPath(c.id)} fw={600} dir="auto" data-testid="campaign-link">
                  {c.title}
                </Anchor>
                <Badge color={c.status === 'open' ? 'teal' : 'gray'} variant="light">
                  {t(`reporting.campaignStatus.${c.status}`)}
                </Badge>
              </Group>
              <Group gap={6} c={c.status === 'open' && days < 0 ? 'red' : 'dimmed'}>
                <IconCalendarDue size={16} />
                <Text fz="sm">
                  {t('reporting.campaign.deadlineOn', { date: fmt.date(c.deadline) })}
                  {c.status === 'open' && days >= 0 && ` · ${t('reporting.contribution.daysLeft', { count: days })}`}
                </Text>
              </Group>
              <ProgressBar progress={p} label={t('reporting.campaign.validatedOf', { validated: fmt.number(p.validated), expected: fmt.number(p.expected) })} />
              <Group justify="space-between">
                <Text fz="xs" c="dimmed">
                  {t('reporting.campaign.validatedOf', { validated: fmt.number(p.validated), expected: fmt.number(p.expected) })}
                </Text>
                {p.overdue > 0 && (
                  <Text fz="xs" c="red" fw={600}>
                    {t('reporting.campaign.overdueCount', { count: p.overdue, formatted: fmt.number(p.overdue) })}
                  </Text>
                )}
              </Group>
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
