import { useCallback } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_WORD_LIMITS, type ReportType } from '@sidh/domain';
import { takeEarlyAnswer } from '../../../app/boot';
import { settingsApi, type PublicSettings, type Settings } from '../api';

export const settingsKeys = {
  all: ['settings'] as const,
  admin: ['settings', 'admin'] as const,
  /** The login page's name and logo. */
  publicSettings: ['settings', 'public'] as const,
};

export function useSettings() {
  return useQuery({ queryKey: settingsKeys.admin, queryFn: ({ signal }) => settingsApi.get(signal) });
}

/** The login page's brand: asked once per page load (by boot.js on /login), kept for the session. */
export function usePublicSettings() {
  return useQuery({
    queryKey: settingsKeys.publicSettings,
    queryFn: async ({ signal }) => (await takeEarlyAnswer<PublicSettings>('publicSettings', '/api/v1/settings/public')) ?? settingsApi.publicSettings(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** A settings write: the answer is every setting as now saved; a 412 reloads them. */
export function useSettingsWrite<V>(write: (vars: V, current: Settings) => Promise<Settings>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: V) => write(vars, client.getQueryData<Settings>(settingsKeys.admin)!),
    onSuccess: (settings) => {
      client.setQueryData(settingsKeys.admin, settings);
      void client.invalidateQueries({ queryKey: settingsKeys.publicSettings });
    },
    onError: (error: unknown) => {
      if ((error as { status?: number }).status === 412) void client.invalidateQueries({ queryKey: settingsKeys.admin });
    },
  });
}

/**
 * The word limit in force for a report type (the administrator's setting, else GA resolution
 * 68/268's default), for the report wizard; the default while the settings load.
 */
export function useWordLimitOf(): (type: ReportType) => number | null {
  const { data } = useQuery({ queryKey: ['settings', 'word-limits'], queryFn: ({ signal }) => settingsApi.wordLimits(signal), staleTime: 60_000 });
  return useCallback(
    (type: ReportType) => {
      const set = data?.wordLimits.find((l) => l.type === type);
      return set ? set.limit : DEFAULT_WORD_LIMITS[type];
    },
    [data],
  );
}
