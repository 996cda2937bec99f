import { useCallback } from 'react';
import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FACET_KEYS, type FacetKey, type FacetValue } from '../../../app/api-types';
import { useFormat, useLocale } from '../../../app/locale';
import { useReferenceLookup } from '../hooks/use-reference';
import { localNameText, localTitleText } from '../utils/labels';
import type { FilterKey, SearchState } from '../utils/search-state';

/** Turns a facet value (enum, id or code) into a label in the UI language. */
export function useFacetLabel() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const ref = useReferenceLookup();
  return useCallback(
    (key: FilterKey, value: string): string => {
      switch (key) {
        case 'kind':
          return t(`kind.${value}`, { defaultValue: value });
        case 'mechanism':
          return t(`mechanism.${value}`, { defaultValue: value });
        case 'response':
          return t(`response.${value}`, { defaultValue: value });
        case 'status':
          return t(`status.${value}`, { defaultValue: value });
        case 'followUp':
          return value === 'true' ? t('filters.followUpOnly') : t('filters.notFollowUp');
        case 'body': {
          const b = ref.bodies.get(value);
          if (!b) return value;
          const name = localNameText(b, locale);
          return name && name !== b.code ? `${b.code} — ${name}` : b.code;
        }
        case 'review': {
          const r = ref.reviews.get(value);
          return r ? localTitleText(r, locale, r.code) : value;
        }
        case 'institution':
          return localNameText(ref.institutions.get(value), locale, value);
        case 'theme':
          return localNameText(ref.themes.get(value), locale, value);
        case 'affectedPerson':
          return localNameText(ref.affectedPersons.get(value), locale, value);
        case 'sdgGoal': {
          const name = localNameText(ref.sdgGoals.get(value), locale);
          return name ? `${t('filters.sdgPrefix', { code: value })} — ${name}` : t('filters.sdgPrefix', { code: value });
        }
        case 'axis': {
          const name = localNameText(ref.axes.get(value), locale);
          return name ? `${value} — ${name}` : value;
        }
        default:
          return value;
      }
    },
    [t, locale, ref],
  );
}

interface Props {
  state: SearchState;
  facets: Partial<Record<FacetKey, FacetValue[]>> | undefined;
  onChange: (key: FilterKey, value: string | null) => void;
  onClear: () => void;
}

export function FacetFilters({ state, facets, onChange, onClear }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = useFacetLabel();
  const active = Object.keys(state.filters).length;

  return (
    <Stack gap="sm" component="section" aria-labelledby="filters-title">
      <Group justify="space-between">
        <Title order={2} fz="md" id="filters-title">
          {t('filters.title')}
        </Title>
        {active > 0 && (
          <Button variant="subtle" size="compact-sm" leftSection={<IconFilterOff size={14} />} onClick={onClear}>
            {t('filters.clear')}
          </Button>
        )}
      </Group>
      {FACET_KEYS.map((key) => {
        const values = (facets?.[key] ?? []).filter((v) => typeof v.value === 'string' && v.value !== '');
        const selected = state.filters[key] ?? null;
        const counts = new Map(values.map((v) => [v.value, v.count]));
        const options = values.map((v) => ({ value: v.value, label: label(key, v.value) }));
        if (selected && !counts.has(selected)) options.unshift({ value: selected, label: label(key, selected) });
        return (
          <Select
            key={key}
            label={t(`filters.${key}`)}
            placeholder={t('filters.any')}
            data={options}
            value={selected}
            onChange={(v) => onChange(key, v)}
            clearable
            searchable={options.length > 8}
            nothingFoundMessage={t('filters.nothingFound')}
            disabled={options.length === 0 && !selected}
            data-testid={`filter-${key}`}
            size="sm"
            comboboxProps={{ width: 'target', position: 'bottom-start' }}
            renderOption={({ option }) => (
              <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
                <Text fz="sm" dir="auto">
                  {option.label}
                </Text>
                {counts.has(option.value) && (
                  <Badge variant="light" color="gray" size="sm">
                    {fmt.number(counts.get(option.value)!)}
                  </Badge>
                )}
              </Group>
            )}
          />
        );
      })}
    </Stack>
  );
}
