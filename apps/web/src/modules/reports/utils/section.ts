/** The edit of one section (heading and text): what to send, and the fields in conflict after a 412. */
import type { FieldConflict } from '../../../app/versioned/use-versioned-editor';
import type { ReportSection, UpdateReportSection } from '../types';
import type { SectionText } from './words';

export const SECTION_FIELDS = ['heading', 'body'] as const;
export type SectionField = (typeof SECTION_FIELDS)[number];

export function sectionValues(section: Pick<ReportSection, 'heading' | 'body'>): SectionText {
  return { heading: section.heading, body: section.body };
}

/** The fields of `values` that differ from `base` (empty: nothing to save). */
export function sectionPatch(base: Pick<ReportSection, 'heading' | 'body'>, values: SectionText): UpdateReportSection {
  const patch: UpdateReportSection = {};
  for (const f of SECTION_FIELDS) if (values[f] !== base[f]) patch[f] = values[f];
  return patch;
}

/** Where their saved version and mine differ, among the fields either of us changed. */
export function sectionConflicts(base: ReportSection, current: ReportSection, values: SectionText): FieldConflict<SectionField>[] {
  const out: FieldConflict<SectionField>[] = [];
  for (const field of SECTION_FIELDS) {
    const changed = current[field] !== base[field] || values[field] !== base[field];
    if (changed && current[field] !== values[field]) out.push({ field, theirs: current[field], mine: values[field] });
  }
  return out;
}

/** Their version with my changes on top. */
export function reapplySection(base: ReportSection, current: ReportSection, values: SectionText): SectionText {
  return { ...sectionValues(current), ...sectionPatch(base, values) } as SectionText;
}
