import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { etagOf, isApiError } from '../../../app/api';
import { reportingApi, reportingKeys } from '../../reporting/api';
import { isContributionStale, type ContributionDetail, type ContributionStaleDetails } from '../../reporting/types';
import {
  contentConflicts,
  contentOf,
  diffContent,
  reapplyContent,
  type ContentConflict,
  type ContentValues,
} from '../utils/content';
import type { LoadedContribution } from './use-contribution';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

export interface EditorConflict {
  current: ContributionDetail;
  lastChange: ContributionStaleDetails['lastChange'];
  fields: ContentConflict[];
}

/** Autosave delay after the last keystroke. */
export const AUTOSAVE_DELAY_MS = 1200;

/**
 * The focal point's draft: content values, saved automatically (debounced PATCH with If-Match of the
 * version last saved or loaded). One save at a time; keystrokes during a save are saved right after it.
 * A 412 stops autosaving until the user reloads their colleague's version or reapplies theirs on top.
 */
export function useContributionEditor(loaded: LoadedContribution, { delayMs = AUTOSAVE_DELAY_MS }: { delayMs?: number } = {}) {
  const queryClient = useQueryClient();
  const [base, setBase] = useState(loaded);
  const [values, setValues] = useState<ContentValues>(() => contentOf(loaded.contribution));
  const [state, setState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<EditorConflict | null>(null);

  const baseRef = useRef(base);
  const valuesRef = useRef(values);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const conflictRef = useRef(conflict);
  /** The values a save failed with: not retried until the user changes something. */
  const failedValues = useRef<ContentValues | null>(null);
  /** The values last confirmed by the server: not saved again even if it normalised them. */
  const [savedValues, setSavedValues] = useState<ContentValues | null>(null);
  baseRef.current = base;
  valuesRef.current = values;
  conflictRef.current = conflict;
  const id = loaded.contribution.id;

  const remember = useCallback(
    (next: LoadedContribution) => {
      queryClient.setQueryData(reportingKeys.contribution(id), next);
    },
    [queryClient, id],
  );

  /** Saves what differs from the saved version now; resolves true when nothing is left unsaved. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (conflictRef.current) return false;
    if (inFlight.current) {
      await inFlight.current;
      if (conflictRef.current) return false;
    }
    const from = baseRef.current;
    const sent = valuesRef.current;
    const patch = diffContent(from.contribution, sent);
    if (Object.keys(patch).length === 0) {
      setState('saved');
      return true;
    }
    setState('saving');
    setError(null);
    const run = (async () => {
      try {
        const { data, headers } = await reportingApi.updateContribution(id, patch, from.etag);
        const next = { contribution: data, etag: etagOf(headers, data.version) };
        baseRef.current = next;
        setBase(next);
        remember(next);
        setFieldErrors({});
        setSavedValues(sent);
        setSavedAt(new Date());
        // Nothing typed since the request: saved, even if the server normalised a value (no save loop).
        const left = valuesRef.current !== sent && Object.keys(diffContent(data, valuesRef.current)).length > 0;
        setState(left ? 'pending' : 'saved');
        return !left;
      } catch (e) {
        if (isApiError(e) && e.status === 412 && isContributionStale(e.details)) {
          const { current, lastChange } = e.details;
          const c = { current, lastChange, fields: contentConflicts(from.contribution, current, valuesRef.current) };
          conflictRef.current = c;
          setConflict(c);
          setState('conflict');
          return false;
        }
        if (isApiError(e) && e.status === 400 && typeof e.details === 'object' && e.details && 'fields' in e.details) {
          setFieldErrors((e.details as { fields: Record<string, string> }).fields);
        }
        failedValues.current = sent;
        setError(e);
        setState('error');
        return false;
      } finally {
        inFlight.current = null;
      }
    })();
    inFlight.current = run;
    return run;
  }, [id, remember]);

  const dirty = values !== savedValues && Object.keys(diffContent(base.contribution, values)).length > 0;

  // Debounced autosave: every change restarts the timer.
  useEffect(() => {
    if (!dirty || conflict || state === 'saving') return;
    if (state === 'error' && failedValues.current === values) return;
    setState((s) => (s === 'error' ? s : 'pending'));
    const timer = setTimeout(() => void flush(), delayMs);
    return () => clearTimeout(timer);
  }, [values, dirty, conflict, delayMs, flush, state]);

  const setField = useCallback(<K extends keyof ContentValues>(field: K, value: ContentValues[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
  }, []);

  /** Take the version saved by the other person; my unsaved changes are dropped. */
  const reload = useCallback(() => {
    const c = conflictRef.current;
    if (!c) return;
    const next = { contribution: c.current, etag: etagOf(null, c.current.version) };
    baseRef.current = next;
    setBase(next);
    setValues(contentOf(c.current));
    valuesRef.current = contentOf(c.current);
    remember(next);
    conflictRef.current = null;
    setConflict(null);
    setState('saved');
  }, [remember]);

  /** Apply my changes on top of their version and save at once. */
  const reapply = useCallback(() => {
    const c = conflictRef.current;
    if (!c) return;
    const mine = reapplyContent(c.current, baseRef.current.contribution, valuesRef.current);
    const next = { contribution: c.current, etag: etagOf(null, c.current.version) };
    baseRef.current = next;
    valuesRef.current = mine;
    setBase(next);
    setValues(mine);
    conflictRef.current = null;
    setConflict(null);
    void flush();
  }, [flush]);

  /** After a workflow step (submit): the server's new version becomes the base. */
  const adopt = useCallback(
    (next: LoadedContribution) => {
      baseRef.current = next;
      setBase(next);
      setValues(contentOf(next.contribution));
      valuesRef.current = contentOf(next.contribution);
      remember(next);
      setState('saved');
    },
    [remember],
  );

  return { base, values, setField, state, savedAt, error, fieldErrors, conflict, dirty, flush, reload, reapply, adopt };
}
