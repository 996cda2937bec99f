import { useQueryClient } from '@tanstack/react-query';
import { useVersionedEditor } from '../../../app/versioned/use-versioned-editor';
import { contributionsApi } from '../api';
import { contentConflicts, contentOf, diffContent, reapplyContent } from '../utils/content';
import { contributionKeys } from './keys';
import type { LoadedContribution } from './use-contribution';

export type { SaveState } from '../../../app/versioned/use-versioned-editor';

/** Autosave delay after the last keystroke. */
export const AUTOSAVE_DELAY_MS = 1200;

/**
 * The focal point's draft: the shared versioned editor, saving by itself (debounced PATCH with If-Match
 * of the version last saved or loaded). A 412 stops autosaving until the user reloads their colleague's
 * version or reapplies theirs on top.
 */
export function useContributionEditor(loaded: LoadedContribution, { delayMs = AUTOSAVE_DELAY_MS }: { delayMs?: number } = {}) {
  const queryClient = useQueryClient();
  const id = loaded.data.id;
  return useVersionedEditor({
    loaded,
    valuesOf: contentOf,
    diff: diffContent,
    save: (patch, etag) => contributionsApi.update(id, patch, etag),
    conflicts: ({ base, current, values }) => contentConflicts(base, current, values),
    reapply: ({ base, current, values }) => reapplyContent(current, base, values),
    remember: (next) => queryClient.setQueryData(contributionKeys.detail(id), next),
    autosaveMs: delayMs,
  });
}
