import { useVersionedEditor } from '../../../app/versioned/use-versioned-editor';
import type { Versioned } from '../../../app/api-client';
import { reportsApi } from '../api';
import type { ReportSection } from '../types';
import { reapplySection, sectionConflicts, sectionPatch, sectionValues, type SectionField } from '../utils/section';
import type { SectionText } from '../utils/words';

/**
 * One section's edit session: the shared versioned editor, saved on request with `If-Match` of the
 * section's version. A 412 opens the conflict dialog (who saved it, their text against mine).
 */
export function useSectionEditor(reportId: string, loaded: Versioned<ReportSection>, onSaved: (saved: ReportSection) => void) {
  return useVersionedEditor<ReportSection, SectionText, ReturnType<typeof sectionPatch>, SectionField>({
    loaded,
    valuesOf: sectionValues,
    diff: sectionPatch,
    save: (patch, etag) => reportsApi.updateSection(reportId, loaded.data.id, patch, etag),
    conflicts: ({ base, current, values }) => sectionConflicts(base, current, values),
    reapply: ({ base, current, values }) => reapplySection(base, current, values),
    onSaved,
  });
}
