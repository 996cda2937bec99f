import { useState } from 'react';
import { Anchor, Badge, Breadcrumbs, Card, Group, Loader, SimpleGrid, Skeleton, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat, useLocale } from '../../../app/locale';
import { RoutePath } from '../../../app/routes';
import { ContributionTable } from '../../contributions/components/ContributionTable';
import { FilterSummary } from '../../reporting/components/FilterSummary';
import { ReportingError } from '../../reporting/components/ReportingError';
import type { InstitutionProgress, RecommendationFilter } from '../../../app/api-types';
import { daysUntil, institutionName } from '../../reporting/utils/labels';
import { useCampaign, useCampaignInstitution } from '../hooks/use-campaigns';
import { CampaignActions } from './CampaignActions';
import { ProgressChart } from './ProgressChart';
import { NoValidatorBadge } from '../../contributions/components/NoValidatorBadge';
import classes from './campaigns.module.css';

export const PROGRESS_COLUMNS = ['expected', 'draft', 'submitted', 'approved', 'validated', 'returned', 'overdue'] as const;

function InstitutionContributions({ campaignId, institutionId }: { campaignId: string; institutionId: string }) {
  const { t } = useTranslation();
  const q = useCampaignInstitution(campaignId, institutionId);
  if (q.isPending) return <Loader size="xs" m="sm" aria-label={t('common.loading')} />;
  if (q.isError) return <ReportingError error={q.error} />;
  return <ContributionTable items={q.data.contributions} testId="institution-contributions" />;
}

function ProgressTable({ campaignId, rows }: { campaignId: string; rows: InstitutionProgress[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" data-testid="progress-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reporting.table.institution')}</Table.Th>
            {PROGRESS_COLUMNS.map((k) => (
              <Table.Th key={k} className={classes.num}>
                {t(`reporting.progress.${k}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const expanded = open === r.institutionId;
            const Chevron = expanded ? IconChevronDown : IconChevronRight;
            return [
              <Table.Tr key={r.institutionId} data-testid="progress-row" data-code={r.code}>
                <Table.Td>
                  <UnstyledButton
                    onClick={() => setOpen(expanded ? null : r.institutionId)}
                    aria-expanded={expanded}
                    data-testid="progress-institution"
                  >
                    <Group gap={6} wrap="nowrap">
                      <Chevron size={14} className={expanded ? undefined : 'mantine-rotate-rtl'} />
                      <Text fz="sm" fw={500}>
                        {institutionName(r, locale)}
                      </Text>
                    </Group>
                  </UnstyledButton>
                  {!r.hasValidator && <NoValidatorBadge />}
                </Table.Td>
                {PROGRESS_COLUMNS.map((k) => (
                  <Table.Td key={k} className={classes.num} data-testid={`progress-${k}`}>
                    <Text fz="sm" c={k === 'overdue' && r[k] > 0 ? 'red' : k === 'returned' && r[k] > 0 ? 'orange' : undefined} fw={k === 'validated' ? 600 : undefined}>
                      {fmt.number(r[k])}
                    </Text>
                  </Table.Td>
                ))}
              </Table.Tr>,
              expanded ? (
                <Table.Tr key={`${r.institutionId}-detail`}>
                  <Table.Td colSpan={PROGRESS_COLUMNS.length + 1} bg="gray.0">
                    <InstitutionContributions campaignId={campaignId} institutionId={r.institutionId} />
                  </Table.Td>
                </Table.Tr>
              ) : null,
            ];
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function CampaignView({ id }: { id: string }) {
  const { t } = useTranslation();
  const { locale, intlLocale } = useLocale();
  const fmt = useFormat();
  const q = useCampaign(id);
  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      <Anchor component={Link} to={RoutePath.Campaigns} fz="sm">
        {t('reporting.nav.campaigns')}
      </Anchor>
      <Text fz="sm" c="dimmed" dir="auto">
        {q.data?.title ?? '…'}
      </Text>
    </Breadcrumbs>
  );
  if (q.isPending) {
    return (
      <Stack gap="md">
        {crumbs}
        <Skeleton h={100} />
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (q.isError) {
    return (
      <Stack gap="md">
        {crumbs}
        <ReportingError error={q.error} />
      </Stack>
    );
  }
  const c = q.data;
  const p = c.progress;
  const days = daysUntil(c.deadline);
  const pct = p.expected > 0 ? Math.round((p.validated / p.expected) * 100) : 0;
  const stats = [
    { key: 'expected', value: fmt.number(p.expected) },
    { key: 'validated', value: `${fmt.number(p.validated)} · ${new Intl.NumberFormat(intlLocale, { style: 'percent' }).format(pct / 100)}` },
    { key: 'inReview', value: fmt.number(p.submitted + p.approved) },
    { key: 'overdue', value: fmt.number(p.overdue) },
  ];
  return (
    <Stack gap="lg" data-testid="campaign-view">
      {crumbs}
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={6}>
          <Title order={1} fz={26} dir="auto" data-testid="campaign-heading">
            {c.title}
          </Title>
          <Group gap="sm">
            <Badge color={c.status === 'open' ? 'teal' : 'gray'} variant="light">
              {t(`reporting.campaignStatus.${c.status}`)}
            </Badge>
            <Text fz="sm" c={c.status === 'open' && days < 0 ? 'red' : 'dimmed'}>
              {t('reporting.campaign.deadlineOn', { date: fmt.date(c.deadline) })}
              {c.status === 'open' && days >= 0 && ` · ${t('reporting.contribution.daysLeft', { count: days })}`}
            </Text>
          </Group>
          {c.description && (
            <Text fz="sm" dir="auto" maw={760} style={{ whiteSpace: 'pre-line' }}>
              {c.description}
            </Text>
          )}
        </Stack>
        <CampaignActions campaign={c} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        {stats.map((s) => (
          <Card key={s.key} padding="md" data-testid={`stat-${s.key}`}>
            <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
              {t(`reporting.campaign.stat.${s.key}`)}
            </Text>
            <Text fz={24} fw={700} className={classes.tabular}>
              {s.value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Card>
        <Title order={2} fz="md" mb="md">
          {t('reporting.campaign.chart')}
        </Title>
        <ProgressChart rows={c.institutions.map((r) => ({ key: r.institutionId, label: institutionName(r, locale), progress: r }))} />
      </Card>
      <Card>
        <Title order={2} fz="md" mb="xs">
          {t('reporting.campaign.table')}
        </Title>
        <Text fz="xs" c="dimmed" mb="sm">
          {t('reporting.campaign.tableHelp')}
        </Text>
        <ProgressTable campaignId={c.id} rows={c.institutions} />
      </Card>
      <Card>
        <Title order={2} fz="md" mb="sm">
          {t('reporting.campaignForm.scope')}
        </Title>
        {c.scope.recommendationIds && c.scope.recommendationIds.length > 0 ? (
          <Text fz="sm">{t('reporting.scope.pickedCount', { count: c.scope.recommendationIds.length, formatted: fmt.number(c.scope.recommendationIds.length) })}</Text>
        ) : (
          <FilterSummary filter={(c.scope.filter ?? {}) as RecommendationFilter} />
        )}
      </Card>
    </Stack>
  );
}
