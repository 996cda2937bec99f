import { useCallback, useEffect, useRef, useState } from 'react';
import { etagOf, fieldErrorsOf, staleDetails, type Versioned } from '../api-client';
import type { LastChange } from '../api-types';

/** Where the edits stand: all saved, waiting for the autosave, being saved, refused, or in conflict. */
export type SaveState = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

/** One field where the version saved in the meantime and mine differ. */
export interface FieldConflict<F extends string = string> {
  field: F;
  /** The value now saved on the server (someone else's). */
  theirs: unknown;
  /** My value. */
  mine: unknown;
}

/** After a 412: the version saved in the meantime, who saved it, what I tried to save, and where we differ. */
export interface EditConflict<T, P, F extends string = string> {
  current: T;
  lastChange: LastChange | null;
  patch: P;
  fields: FieldConflict<F>[];
}

interface MergeInput<T, V, P> {
  /** The version my edits started from. */
  base: T;
  /** The version saved in the meantime. */
  current: T;
  /** My values now. */
  values: V;
  /** What I tried to save. */
  patch: P;
}

export interface VersionedEditorOptions<T extends { version: number }, V, P extends object, F extends string> {
  /** The resource as loaded, with the ETag its saves send as `If-Match`. */
  loaded: Versioned<T>;
  /** The form values of a version. */
  valuesOf: (resource: T) => V;
  /** What to send: the fields of `values` that differ from `base` (empty: nothing to save). */
  diff: (base: T, values: V) => P;
  /** The PATCH with `If-Match: etag`; resolves with the saved version and its ETag. */
  save: (patch: P, etag: string) => Promise<Versioned<T>>;
  /** After a 412: the fields to show, theirs against mine. */
  conflicts: (input: MergeInput<T, V, P>) => FieldConflict<F>[];
  /** "Reapply my changes": the values of their version with my changes on top. */
  reapply: (input: MergeInput<T, V, P>) => V;
  /** Keeps the query cache in step with the version now edited (after a save, a reload, an adopted version). */
  remember?: (next: Versioned<T>) => void;
  onSaved?: (saved: T) => void;
  /**
   * Saves by itself this long after the last change (one save at a time; changes made during a save are
   * saved right after it). Without it, only `save()` saves, and the form takes the saved values.
   */
  autosaveMs?: number;
}

const isEmpty = (patch: object) => Object.keys(patch).length === 0;

/**
 * An edit session of a versioned resource (recommendation, contribution): form values, the version they
 * started from (its ETag is sent as `If-Match`), field errors from the API and, after a 412, the conflict
 * to resolve by taking their version (`reload`) or sending mine on top of it (`reapply`). A conflict stops
 * autosaving until it is resolved.
 */
export function useVersionedEditor<T extends { version: number }, V extends object, P extends object, F extends string = string>(
  options: VersionedEditorOptions<T, V, P, F>,
) {
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const { autosaveMs } = options;

  const [base, setBase] = useState(options.loaded);
  const [values, setValues] = useState<V>(() => options.valuesOf(options.loaded.data));
  const [state, setState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<EditConflict<T, P, F> | null>(null);
  const [nothingToSave, setNothingToSave] = useState(false);
  /** The values last confirmed by the server: not saved again even if it normalised them. */
  const [savedValues, setSavedValues] = useState<V | null>(null);

  const baseRef = useRef(base);
  const valuesRef = useRef(values);
  const conflictRef = useRef(conflict);
  const inFlight = useRef<Promise<boolean> | null>(null);
  /** The values a save failed with: not retried automatically until the user changes something. */
  const failedValues = useRef<V | null>(null);
  baseRef.current = base;
  valuesRef.current = values;
  conflictRef.current = conflict;

  /** Saves what differs from the saved version now; resolves true when nothing is left unsaved. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (conflictRef.current) return false;
    if (inFlight.current) {
      await inFlight.current;
      if (conflictRef.current) return false;
    }
    const o = optionsRef.current;
    const from = baseRef.current;
    const sent = valuesRef.current;
    const patch = o.diff(from.data, sent);
    if (isEmpty(patch)) {
      setState('saved');
      return true;
    }
    setState('saving');
    setError(null);
    setNothingToSave(false);
    if (!o.autosaveMs) setFieldErrors({});
    const run = (async () => {
      try {
        const next = await o.save(patch, from.etag);
        baseRef.current = next;
        setBase(next);
        o.remember?.(next);
        setFieldErrors({});
        setSavedValues(sent);
        setSavedAt(new Date());
        const typedSince = valuesRef.current !== sent;
        if (!o.autosaveMs && !typedSince) {
          // A form saved on request shows what the server saved.
          const saved = o.valuesOf(next.data);
          valuesRef.current = saved;
          setValues(saved);
        }
        // Nothing typed since the request: saved, even if the server normalised a value (no save loop).
        const left = typedSince && !isEmpty(o.diff(next.data, valuesRef.current));
        setState(left ? 'pending' : 'saved');
        o.onSaved?.(next.data);
        return !left;
      } catch (e) {
        const stale = staleDetails<T>(e);
        if (stale) {
          const c: EditConflict<T, P, F> = {
            current: stale.current,
            lastChange: stale.lastChange,
            patch,
            fields: o.conflicts({ base: from.data, current: stale.current, values: valuesRef.current, patch }),
          };
          conflictRef.current = c;
          setConflict(c);
          setState('conflict');
          return false;
        }
        const fields = fieldErrorsOf(e);
        if (fields) setFieldErrors(fields);
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
  }, []);

  /** Saves on request; says so when there is nothing to save. */
  const save = useCallback(() => {
    if (isEmpty(optionsRef.current.diff(baseRef.current.data, valuesRef.current))) {
      setNothingToSave(true);
      return;
    }
    void flush();
  }, [flush]);

  const dirty = values !== savedValues && !isEmpty(options.diff(base.data, values));

  // Debounced autosave: every change restarts the timer.
  useEffect(() => {
    if (!autosaveMs || !dirty || conflict || state === 'saving') return;
    if (state === 'error' && failedValues.current === values) return;
    setState((s) => (s === 'error' ? s : 'pending'));
    const timer = setTimeout(() => void flush(), autosaveMs);
    return () => clearTimeout(timer);
  }, [values, dirty, conflict, autosaveMs, flush, state]);

  const setField = useCallback(<K extends keyof V>(field: K, value: V[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setFieldErrors((errs) => {
      const key = String(field);
      if (!(key in errs)) return errs;
      const { [key]: _removed, ...rest } = errs;
      return rest;
    });
  }, []);

  /** Makes `next` the version edited, with its values (their version, or the result of a workflow step). */
  const adopt = useCallback((next: Versioned<T>) => {
    const v = optionsRef.current.valuesOf(next.data);
    baseRef.current = next;
    valuesRef.current = v;
    setBase(next);
    setValues(v);
    optionsRef.current.remember?.(next);
    setState('saved');
  }, []);

  /** Take the version saved by the other person; my unsaved changes are dropped. */
  const reload = useCallback(() => {
    const c = conflictRef.current;
    if (!c) return;
    adopt({ data: c.current, etag: etagOf(null, c.current.version) });
    setFieldErrors({});
    conflictRef.current = null;
    setConflict(null);
  }, [adopt]);

  /** Apply my changes on top of their version and save at once (with their ETag). */
  const reapply = useCallback(() => {
    const c = conflictRef.current;
    if (!c) return;
    const mine = optionsRef.current.reapply({ base: baseRef.current.data, current: c.current, values: valuesRef.current, patch: c.patch });
    const next = { data: c.current, etag: etagOf(null, c.current.version) };
    baseRef.current = next;
    valuesRef.current = mine;
    setBase(next);
    setValues(mine);
    conflictRef.current = null;
    setConflict(null);
    void flush();
  }, [flush]);

  /** Close the conflict without choosing (a dialog that may be closed): the next save meets it again. */
  const dismissConflict = useCallback(() => {
    conflictRef.current = null;
    setConflict(null);
    setState('saved');
  }, []);

  return {
    base,
    values,
    setField,
    state,
    saving: state === 'saving',
    savedAt,
    error,
    fieldErrors,
    nothingToSave,
    conflict,
    dirty,
    save,
    flush,
    reload,
    reapply,
    adopt,
    dismissConflict,
  };
}

export type VersionedEditor<T extends { version: number }, V extends object, P extends object, F extends string = string> = ReturnType<
  typeof useVersionedEditor<T, V, P, F>
>;
