import type { Locale } from '@sidh/domain';
import type { InstitutionProgressDto } from './dto/campaign.dto.js';

/** The progress table's columns, in the table's order (the SPA shows the same). */
export const PROGRESS_EXPORT_COLUMNS = ['institution', 'code', 'expected', 'draft', 'submitted', 'approved', 'validated', 'returned', 'overdue', 'reviewer'] as const;
type Column = (typeof PROGRESS_EXPORT_COLUMNS)[number];

const HEADERS: Record<Locale, Record<Column, string>> = {
  fr: {
    institution: 'Institution',
    code: 'Code',
    expected: 'Attendues',
    draft: 'Brouillons',
    submitted: 'Soumises',
    approved: 'Approuvées',
    validated: 'Validées',
    returned: 'Renvoyées',
    overdue: 'En retard',
    reviewer: 'Examen',
  },
  en: {
    institution: 'Institution',
    code: 'Code',
    expected: 'Expected',
    draft: 'Drafts',
    submitted: 'Submitted',
    approved: 'Approved',
    validated: 'Validated',
    returned: 'Returned',
    overdue: 'Overdue',
    reviewer: 'Review',
  },
  ar: {
    institution: 'المؤسسة',
    code: 'الرمز',
    expected: 'المتوقعة',
    draft: 'المسودات',
    submitted: 'المقدَّمة',
    approved: 'الموافق عليها',
    validated: 'المعتمدة',
    returned: 'المعادة',
    overdue: 'المتأخرة',
    reviewer: 'المراجعة',
  },
};

const REVIEWER: Record<Locale, Record<'validator' | 'coordinator', string>> = {
  fr: { validator: 'Validateur de l’institution', coordinator: 'Coordinateur (pas de validateur)' },
  en: { validator: 'Institution’s validator', coordinator: 'Coordinator (no validator)' },
  ar: { validator: 'مصادق المؤسسة', coordinator: 'المنسق (لا يوجد مصادق)' },
};

/** A CSV cell: quoted when needed (RFC 4180); a leading = + - @ tab or CR gets an apostrophe so spreadsheets do not run it. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The progress table as CSV (UTF-8 with BOM, so Excel reads Arabic), headers and names in `lang`. */
export function progressCsv(rows: readonly InstitutionProgressDto[], lang: Locale): string {
  const name = { ar: 'nameAr', fr: 'nameFr', en: 'nameEn' } as const;
  const lines = [PROGRESS_EXPORT_COLUMNS.map((c) => csvCell(HEADERS[lang][c])).join(',')];
  for (const r of rows) {
    const cells: Record<Column, string | number> = {
      institution: r[name[lang]] || r.nameFr || r.nameEn || r.nameAr,
      code: r.code,
      expected: r.expected,
      draft: r.draft,
      submitted: r.submitted,
      approved: r.approved,
      validated: r.validated,
      returned: r.returned,
      overdue: r.overdue,
      reviewer: REVIEWER[lang][r.hasValidator ? 'validator' : 'coordinator'],
    };
    lines.push(PROGRESS_EXPORT_COLUMNS.map((c) => csvCell(cells[c])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
