import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../app/locale';
import { useReferenceLookup } from '../../recommendations/hooks/use-reference';
import { localNameText, localTitleText } from '../../recommendations/utils/labels';
import type { RecommendationFilter } from '../../../app/api-types';

/** The filters of a scope as readable badges ("Body: CAT", "Follow-up"). */
export function FilterSummary({ filter }: { filter: RecommendationFilter }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const ref = useReferenceLookup();
  const entries = Object.entries(filter).filter(([, v]) => v !== undefined && v !== '');
  if (entries.length === 0) return <Text fz="sm" c="dimmed">{t('reporting.scope.allRecommendations')}</Text>;
  const label = (k: string, v: unknown): string => {
    const s = String(v);
    switch (k) {
      case 'q':
        return `« ${s} »`;
      case 'mechanism':
        return t(`mechanism.${s}`);
      case 'bodyId':
        return ref.bodies.get(s)?.code ?? s;
      case 'reviewId':
        return localTitleText(ref.reviews.get(s), locale, s);
      case 'response':
        return t(`response.${s}`);
      case 'status':
        return t(`status.${s}`);
      case 'kind':
        return t(`kind.${s}`, { defaultValue: s });
      case 'institutionId':
        return localNameText(ref.institutions.get(s), locale, s);
      case 'theme':
        return localNameText(ref.themes.get(s), locale, s);
      case 'affectedPerson':
        return localNameText(ref.affectedPersons.get(s), locale, s);
      case 'sdgGoal':
        return localNameText(ref.sdgGoals.get(s), locale, s);
      case 'axis':
        return localNameText(ref.axes.get(s), locale, s);
      case 'followUp':
        return v === true || s === 'true' ? t('reporting.scope.followUpOnly') : t('reporting.scope.notFollowUp');
      default:
        return s;
    }
  };
  return (
    <Group gap={6} data-testid="filter-summary">
      {entries.map(([k, v]) => (
        <Badge key={k} variant="light" color="petrol" tt="none" fw={500}>
          {t('reporting.scope.filterItem', { name: t(`reporting.scope.filter.${k}`, { defaultValue: k }), value: label(k, v) })}
        </Badge>
      ))}
    </Group>
  );
}
