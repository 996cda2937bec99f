import { memo, useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Card,
  CloseButton,
  EmptyState,
  Grid,
  Group,
  Loader,
  NativeSelect,
  Pagination,
  Pill,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconSearch, IconSearchOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { citationHints, isItemKind, PAGE_SIZE_DEFAULT } from '@sidh/domain';
import { useFormat, useLocale } from '../../../app/locale';
import { ErrorMessage } from '../../../app/ErrorMessage';
import { SegmentedChoice } from '../../../app/layout/SegmentedChoice';
import { useRecommendationFacets, useRecommendationSearch } from '../hooks/use-recommendation-search';
import { useSearchState } from '../hooks/use-search-state';
import { effectiveSort, SORTS, type FilterKey, type Sort } from '../utils/search-state';
import { NewRecommendationButton } from './CreateRecommendationForm';
import { FacetFilters, useFacetLabel } from './FacetFilters';
import { ResultCard, type SearchItem } from './ResultCard';

export const SEARCH_DEBOUNCE_MS = 300;

/** The kind switch's choices: both kinds (no filter), recommendations only, questions only. */
const KIND_CHOICES = ['', 'recommendation', 'question'] as const;
const KIND_CHOICE_LABEL = { '': 'kind.all', recommendation: 'kind.recommendations', question: 'kind.questions' } as const;

/** The search box: local while typing, written to the URL 300 ms after the last keystroke. */
const SearchBox = memo(function SearchBox({ value, onCommit }: { value: string; onCommit: (q: string) => void }) {
  const { t } = useTranslation();
  const { dir } = useLocale();
  const [input, setInput] = useState(value);
  const [debounced] = useDebouncedValue(input, SEARCH_DEBOUNCE_MS);

  useEffect(() => {
    if (debounced !== value) onCommit(debounced);
    // Only a settled input is committed; URL changes (back button) are handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  useEffect(() => {
    setInput((current) => (current.trim() === value.trim() ? current : value));
  }, [value]);

  return (
    <TextInput
      type="search"
      size="md"
      value={input}
      onChange={(e) => setInput(e.currentTarget.value)}
      placeholder={t('search.placeholder')}
      aria-label={t('search.label')}
      leftSection={<IconSearch size={18} aria-hidden />}
      rightSection={input ? <CloseButton aria-label={t('search.clear')} onClick={() => setInput('')} /> : null}
      // The box (icon, clear button, placeholder) follows the UI's direction; what is typed, its own.
      wrapperProps={{ dir, 'data-testid': 'search-box' }}
      attributes={{ input: { dir: input ? 'auto' : dir } }}
      data-testid="search-input"
    />
  );
});

/**
 * The sort choice ("relevance" only while there is a query). A native select: it is on screen at first
 * paint, and a Mantine Select's floating dropdown measures the page when it mounts (a forced style
 * recalculation of the whole document, 30 ms on a fast machine, 120 ms on a slow phone).
 */
const SortSelect = memo(function SortSelect({ value, hasQuery, onChange }: { value: Sort; hasQuery: boolean; onChange: (sort: Sort | null) => void }) {
  const { t } = useTranslation();
  const sortOptions = SORTS.filter((s) => s !== 'relevance' || hasQuery).map((s) => ({ value: s, label: t(`sort.${s}`) }));
  return (
    <NativeSelect
      size="xs"
      w={220}
      label={t('sort.label')}
      data={sortOptions}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as Sort)}
      data-testid="sort-select"
      styles={{ root: { display: 'flex', alignItems: 'center', gap: 8 }, label: { whiteSpace: 'nowrap' } }}
    />
  );
});

/** One page of results; rendered again only when the page, the query or the citation hints change. */
const ResultList = memo(function ResultList({ items, query, hints, stale }: { items: SearchItem[]; query: string; hints: Map<string, string>; stale: boolean }) {
  return (
    <Stack gap="sm" data-testid="results" aria-busy={stale}>
      {items.map((item) => (
        <ResultCard key={item.id} item={item} query={query} hint={hints.get(item.id)} />
      ))}
    </Stack>
  );
});

export function RecommendationSearch() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locale } = useLocale();
  const { state, setQuery, setFilter, setSort, setPage, clearFilters } = useSearchState();
  const search = useRecommendationSearch(state);
  const facets = useRecommendationFacets(state);
  // The reference lists (names of bodies, reviews, institutions, themes…) are fetched only when a
  // label needs them: a filter set on one of them, or a filter's select opened. Not on a cold visit.
  const [labelsWanted, setLabelsWanted] = useState(false);
  const wantLabels = useCallback(() => setLabelsWanted(true), []);
  const label = useFacetLabel(labelsWanted || Object.keys(state.filters).some((key) => key !== 'kind'));
  // The results and counts render in a transition when they arrive: React builds the cards in slices
  // of a few milliseconds instead of one long task (query results reach React synchronously).
  const data = useDeferredValue(search.data);
  const facetsData = useDeferredValue(facets.data);
  // What is on screen is not yet the answer to what is asked: the previous page while the new one is
  // fetched, or the arrived answer before its deferred render. Said to assistive technology (and tests).
  const stale = search.isPlaceholderData || data !== search.data;
  const hints = useMemo(() => citationHints(data?.items ?? [], locale), [data, locale]);
  const totalPages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE_DEFAULT))) : 1;
  const hasQuery = state.q.trim() !== '';

  // The kind has its own switch: not repeated among the active filters.
  const activeFilters = (Object.entries(state.filters) as Array<[FilterKey, string]>).filter(([key]) => key !== 'kind');
  const kind = isItemKind(state.filters.kind) ? state.filters.kind : '';
  const countKey = kind === 'question' ? 'search.questions' : 'search.results';

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 4, lg: 3 }} order={{ base: 2, md: 1 }}>
        <Card padding="md">
          <FacetFilters state={state} facets={facetsData} label={label} onChange={setFilter} onClear={clearFilters} onActivate={wantLabels} />
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8, lg: 9 }} order={{ base: 1, md: 2 }}>
        <Stack gap="md">
          <Group justify="space-between" align="center" wrap="wrap" gap="sm">
            <SegmentedChoice
              size="sm"
              aria-label={t('kind.filterLabel')}
              data={KIND_CHOICES.map((k) => ({ value: k, label: t(KIND_CHOICE_LABEL[k]) }))}
              value={kind}
              onChange={(v) => setFilter('kind', v || null)}
              data-testid="kind-filter"
            />
            <NewRecommendationButton initialKind={kind || 'recommendation'} />
          </Group>
          <SearchBox value={state.q} onCommit={setQuery} />
          <Group justify="space-between" align="center" wrap="wrap" gap="sm">
            <Group gap="xs" aria-live="polite">
              {search.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
              {data && (
                <Text fz="sm" c="dimmed" data-testid="result-count">
                  {data.totalIsLowerBound
                    ? t('search.resultsAtLeast', { formatted: fmt.number(data.total) })
                    : t(countKey, { count: data.total, formatted: fmt.number(data.total) })}
                </Text>
              )}
            </Group>
            <SortSelect value={effectiveSort(state)} hasQuery={hasQuery} onChange={setSort} />
          </Group>
          {activeFilters.length > 0 && (
            <Group gap={6} aria-label={t('filters.active')}>
              {activeFilters.map(([key, value]) => (
                <Pill key={key} withRemoveButton onRemove={() => setFilter(key, null)} size="md">
                  <Text span fz="xs" c="dimmed">
                    {t(`filters.${key}`)}:
                  </Text>{' '}
                  {label(key, value)}
                </Pill>
              ))}
            </Group>
          )}

          {search.isError && !data && (
            <Alert color="red" icon={<IconAlertTriangle />} title={t('search.error')}>
              <ErrorMessage error={search.error} />
            </Alert>
          )}

          {!data && !search.isError && (
            <Stack gap="md" aria-busy="true" aria-label={t('common.loading')}>
              {[0, 1, 2].map((i) => (
                <Card key={i} padding="md">
                  <Skeleton h={14} w="35%" mb="sm" />
                  <Skeleton h={10} w="60%" mb="md" />
                  <Skeleton h={10} mb={6} />
                  <Skeleton h={10} mb={6} />
                  <Skeleton h={10} w="80%" />
                </Card>
              ))}
            </Stack>
          )}

          {data && data.items.length === 0 && (
            <Card padding="xl">
              <EmptyState
                icon={<IconSearchOff size={28} />}
                withIndicatorBackground
                title={t('search.emptyTitle')}
                description={hasQuery || activeFilters.length ? t('search.emptyHint') : t('search.emptyCatalogue')}
              />
            </Card>
          )}

          {data && data.items.length > 0 && (
            <Box style={{ opacity: search.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
              <ResultList items={data.items} query={state.q} hints={hints} stale={stale} />
            </Box>
          )}

          {data && totalPages > 1 && (
            <Group justify="center" mt="sm">
              <Pagination
                total={totalPages}
                value={Math.min(state.page, totalPages)}
                onChange={setPage}
                withEdges
                getControlProps={(control) => ({ 'aria-label': t(`pagination.${control}`) })}
                data-testid="pagination"
              />
            </Group>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
