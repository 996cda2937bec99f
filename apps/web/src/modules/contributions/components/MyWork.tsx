import { Card, Group, Loader, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlarm, IconArrowBackUp, IconClockHour4, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../app/locale';
import type { ContributionQuery, ContributionSummary } from '../../../app/api-types';
import { ReportingError } from '../../reporting/components/ReportingError';
import { useCommentsOf, useContributions } from '../hooks/use-contribution';
import { groupMyWork, type MyWorkGroups } from '../utils/my-work';
import { ContributionTable } from './ContributionTable';
import { pendingReturn } from './ContributionWorkspace';

const SECTIONS: Array<{ key: keyof MyWorkGroups; icon: typeof IconAlarm; color: string }> = [
  { key: 'returned', icon: IconArrowBackUp, color: 'orange' },
  { key: 'overdue', icon: IconAlarm, color: 'red' },
  { key: 'dueSoon', icon: IconClockHour4, color: 'yellow' },
  { key: 'drafts', icon: IconPencil, color: 'gray' },
];

const QUERY: ContributionQuery = { mine: true, pageSize: 100 };

function useReturnComments(items: ContributionSummary[]) {
  const results = useCommentsOf(items.map((c) => c.id));
  return new Map(items.map((c, i) => [c.id, pendingReturn(results[i]?.data?.items)]));
}

/** The focal point's work: returned (with the comment), overdue, due soon, other drafts. */
export function MyWork() {
  const { t } = useTranslation();
  const query = useContributions(QUERY);
  const groups = groupMyWork(query.data?.items ?? []);
  const comments = useReturnComments(groups.returned);
  const fmt = useFormat();

  if (query.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (query.isError) return <ReportingError error={query.error} />;

  return (
    <Stack gap="lg" data-testid="my-work">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        {SECTIONS.map((s) => (
          <Card key={s.key} padding="md" data-testid={`count-${s.key}`}>
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon variant="light" color={s.color} size={38} radius="md">
                <s.icon size={20} />
              </ThemeIcon>
              <Stack gap={0}>
                <Text fz={22} fw={700} lh={1.1}>
                  {fmt.number(groups[s.key].length)}
                </Text>
                <Text fz="xs" c="dimmed">
                  {t(`reporting.myWork.${s.key}`)}
                </Text>
              </Stack>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
      {query.data.items.length === 0 && (
        <Card>
          <Text c="dimmed" fz="sm" ta="center" py="lg" data-testid="my-work-empty">
            {t('reporting.myWork.empty')}
          </Text>
        </Card>
      )}
      {SECTIONS.filter((s) => groups[s.key].length > 0).map((s) => (
        <Card key={s.key} data-testid={`section-${s.key}`}>
          <Title order={2} fz="md" mb="sm">
            {t(`reporting.myWork.${s.key}`)}
          </Title>
          <ContributionTable
            items={groups[s.key]}
            testId={`table-${s.key}`}
            extra={
              s.key === 'returned'
                ? (c) => {
                    const r = comments.get(c.id);
                    return r ? (
                      <Text fz="sm" c="orange.8" mt={6} dir="auto" lineClamp={3} data-testid="returned-excerpt">
                        « {r.body} » — {r.author?.name}
                      </Text>
                    ) : null;
                  }
                : undefined
            }
          />
        </Card>
      ))}
    </Stack>
  );
}
