import { memo, useCallback, useState, type ReactNode } from 'react';
import { Badge, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconFilterOff, IconSelector } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FACET_KEYS, type FacetKey, type FacetValue } from '../../../app/api-types';
import { useFormat, useLocale } from '../../../app/locale';
import { useReferenceLookup } from '../hooks/use-reference';
import { localNameText, localTitleText } from '../utils/labels';
import type { FilterKey, SearchState } from '../utils/search-state';

/**
 * Turns a facet value (enum, id or code) into a label in the UI language. The reference lists behind
 * the labels of ids and codes are fetched once `withReferences` (until then those show as they are).
 */
export function useFacetLabel(withReferences = true) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const ref = useReferenceLookup(withReferences);
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

/**
 * A filter's select, mounted on first use. Until then a read-only field that looks the same (label,
 * chosen value, chevron) stands in for it: a Mantine Select is a combobox with a floating dropdown
 * that measures and positions itself when mounted, and a dozen of them cost a slow phone more than
 * the whole result list. Focusing the field (keyboard or pointer) swaps in the real select, focused,
 * its options open when it was clicked.
 */
function FacetSelect(props: {
  label: string;
  placeholder: string;
  shownValue: string;
  disabled: boolean;
  testId: string;
  onActivate: () => void;
  renderSelect: (live: { autoFocus: true; defaultDropdownOpened: boolean }) => ReactNode;
}) {
  const [live, setLiveState] = useState<'focus' | 'open' | null>(null);
  const setLive = (next: (current: 'focus' | 'open' | null) => 'focus' | 'open' | null) => {
    props.onActivate();
    setLiveState(next);
  };
  if (live) return props.renderSelect({ autoFocus: true, defaultDropdownOpened: live === 'open' });
  return (
    <TextInput
      readOnly
      label={props.label}
      placeholder={props.placeholder}
      value={props.shownValue}
      disabled={props.disabled}
      size="sm"
      data-testid={props.testId}
      rightSection={<IconSelector size={16} aria-hidden />}
      rightSectionPointerEvents="none"
      onPointerDown={(e) => {
        e.preventDefault();
        setLive(() => 'open');
      }}
      onFocus={() => setLive((l) => l ?? 'focus')}
      styles={{ input: { cursor: 'pointer' } }}
    />
  );
}

interface Props {
  state: SearchState;
  facets: Partial<Record<FacetKey, FacetValue[]>> | undefined;
  /** `useFacetLabel()`, from the parent: one subscription to the reference lists, not two. */
  label: (key: FilterKey, value: string) => string;
  onChange: (key: FilterKey, value: string | null) => void;
  onClear: () => void;
  /** A filter's select is about to open: its options need their labels. */
  onActivate: () => void;
}

/** Rendered again only when the search, the counts or the labels change (not on every list update). */
export const FacetFilters = memo(function FacetFilters({ state, facets, label, onChange, onClear, onActivate }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
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
          <FacetSelect
            key={key}
            label={t(`filters.${key}`)}
            placeholder={t('filters.any')}
            shownValue={selected ? (options.find((o) => o.value === selected)?.label ?? selected) : ''}
            disabled={options.length === 0 && !selected}
            testId={`filter-${key}`}
            onActivate={onActivate}
            renderSelect={(live) => (
              <Select
                {...live}
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
            )}
          />
        );
      })}
    </Stack>
  );
});
