import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../app/api-client';
import { useLocale } from '../../../app/locale';
import { referenceApi } from '../api';
import { localNameText } from '../utils/labels';
import type { TaxonomyField } from '../utils/taxonomy';
import { referenceKeys } from './keys';

const forever = { staleTime: Infinity, gcTime: Infinity, retry: 1 } as const;

export interface TaxonomyOption {
  value: string;
  label: string;
  /** Sub-axes: the axis they belong to. */
  parent?: string;
  /** Deactivated by the reference administration: offered no more, kept where already chosen. */
  inactive?: boolean;
}

/**
 * The choices of each taxonomy a coordinator sets on a recommendation (recommending States, themes,
 * persons affected, SDG targets, national axes and sub-axes), labelled in the UI language with the code.
 */
export function useTaxonomyOptions(): Record<TaxonomyField, TaxonomyOption[]> & { loading: boolean } {
  const { locale } = useLocale();
  const countries = useQuery({ queryKey: ['reference', 'countries'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/reference/countries', { signal })), ...forever });
  const themes = useQuery({ queryKey: referenceKeys.themes, queryFn: ({ signal }) => referenceApi.themes(signal), ...forever });
  const affected = useQuery({ queryKey: referenceKeys.affectedPersons, queryFn: ({ signal }) => referenceApi.affectedPersons(signal), ...forever });
  const targets = useQuery({ queryKey: ['reference', 'sdg-targets'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/reference/sdg-targets', { signal })), ...forever });
  const axes = useQuery({ queryKey: referenceKeys.axes, queryFn: ({ signal }) => referenceApi.axes(signal), ...forever });
  const subAxes = useQuery({ queryKey: ['reference', 'sub-axes'], queryFn: ({ signal }) => unwrap(api.GET('/api/v1/reference/sub-axes', { signal })), ...forever });
  const loading = [countries, themes, affected, targets, axes, subAxes].some((q) => q.isPending);
  return useMemo(() => {
    const named = (rows: Array<{ code: string; nameAr: string | null; nameFr: string | null; nameEn: string | null; active?: boolean }> | undefined, withCode = true) =>
      (rows ?? []).map((r) => {
        const name = localNameText(r, locale, r.code);
        return { value: r.code, label: withCode && name !== r.code ? `${r.code} — ${name}` : name, ...(r.active === false ? { inactive: true } : {}) };
      });
    return {
      recommendingStateCodes: named(countries.data, false).sort((a, b) => a.label.localeCompare(b.label, locale)),
      themeCodes: named(themes.data, false),
      affectedPersonCodes: named(affected.data, false),
      sdgTargetCodes: named(targets.data),
      axisCodes: named(axes.data),
      subAxisCodes: (subAxes.data ?? []).map((r) => ({ ...named([r])[0]!, parent: r.axisCode })),
      loading,
    };
  }, [locale, loading, countries.data, themes.data, affected.data, targets.data, axes.data, subAxes.data]);
}

/** Every review (cycle, periodic report, visit) with its body: the creation form offers those of the chosen body. */
export function useReviews() {
  return useQuery({ queryKey: referenceKeys.reviews, queryFn: ({ signal }) => referenceApi.reviews(signal), ...forever });
}
