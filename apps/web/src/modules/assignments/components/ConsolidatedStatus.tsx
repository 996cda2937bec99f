import { useState } from 'react';
import { Alert, Button, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { IconBulb, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { IMPLEMENTATION_STATUSES, Permission, type ImplementationStatus } from '@sidh/domain';
import { useAuth } from '../../../app/auth';
import { useFormat, useLocale } from '../../../app/locale';
import { StatusBadge } from '../../recommendations/components/Badges';
import { useRecommendation } from '../../recommendations/hooks/use-recommendation';
import { ReportingError } from '../../reporting/components/ReportingError';
import { institutionName } from '../../reporting/utils/labels';
import { useSetConsolidatedStatus, useStatusSuggestion } from '../hooks/use-assignments';

/**
 * The consolidated status (the state's official position): the server suggests one from the lead
 * institutions' validated contributions; the coordinator confirms it or picks another.
 */
export function ConsolidatedStatus({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fmt = useFormat();
  const { can } = useAuth();
  const rec = useRecommendation(recommendationId);
  const suggestion = useStatusSuggestion(recommendationId);
  const [choice, setChoice] = useState<ImplementationStatus | null>(null);
  const set = useSetConsolidatedStatus(recommendationId, rec.data);
  if (suggestion.isPending || rec.isPending) return <Loader size="xs" aria-label={t('common.loading')} />;
  if (suggestion.isError) return <ReportingError error={suggestion.error} />;
  const s = suggestion.data;
  const current = rec.data?.data.status ?? null;
  const manage = can(Permission.RecommendationUpdate);
  const selected = choice ?? s.suggestion ?? current;

  return (
    <Stack gap="sm" data-testid="consolidated-status">
      <Group gap="xs">
        <Text fz="sm" c="dimmed">
          {t('reporting.consolidated.current')}
        </Text>
        <StatusBadge status={current} />
      </Group>
      <Alert variant="light" color={s.suggestion ? 'blue' : 'gray'} icon={<IconBulb />} data-testid="status-suggestion">
        {s.suggestion ? (
          <Stack gap={4}>
            <Group gap="xs">
              <Text fz="sm">{t('reporting.consolidated.suggestion')}</Text>
              <StatusBadge status={s.suggestion} />
            </Group>
            {s.basis.map((b) => (
              <Text key={b.contributionId} fz="xs" c="dimmed">
                {t('reporting.consolidated.basis', {
                  institution: institutionName(b.institution, locale),
                  status: t(`status.${b.implementationStatus}`),
                  campaign: b.campaignTitle,
                  date: fmt.date(b.validatedAt),
                })}
              </Text>
            ))}
            {s.leadsWithoutValidated > 0 && (
              // Bold body text, not orange: orange on the blue alert reads at 2.9:1 (axe color-contrast).
              <Text fz="xs" fw={600} data-testid="leads-missing">
                {t('reporting.consolidated.leadsMissing', { count: s.leadsWithoutValidated, formatted: fmt.number(s.leadsWithoutValidated) })}
              </Text>
            )}
          </Stack>
        ) : (
          <Text fz="sm">{t('reporting.consolidated.noSuggestion')}</Text>
        )}
      </Alert>
      {manage && (
        <Group align="flex-end" gap="sm">
          <Select
            label={t('reporting.consolidated.set')}
            data={IMPLEMENTATION_STATUSES.map((st) => ({ value: st, label: t(`status.${st}`) }))}
            value={selected}
            onChange={(v) => setChoice(v as ImplementationStatus | null)}
            allowDeselect={false}
            w={280}
            data-testid="consolidated-select"
          />
          <Button
            leftSection={<IconCheck size={16} />}
            onClick={() => selected && set.mutate(selected, { onSuccess: () => setChoice(null) })}
            disabled={!selected || selected === current}
            loading={set.isPending}
            data-testid="consolidated-save"
          >
            {t('reporting.consolidated.apply')}
          </Button>
        </Group>
      )}
      <ReportingError error={set.error} />
    </Stack>
  );
}
