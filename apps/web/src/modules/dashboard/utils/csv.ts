/**
 * A chart's data as a CSV file, built in the browser: UTF-8 with a BOM (Excel reads Arabic), RFC
 * 4180 quoting, and formula-neutral cells as the API's exports write them: a cell, or any line
 * inside a cell, starting with = + - @ tab CR or NUL gets a leading apostrophe.
 */
export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\0]/;

/** The cell's text, each of its lines made inert if a spreadsheet would read it as a formula. */
export function neutralise(value: string): string {
  return value
    .split('\n')
    .map((line) => (FORMULA_START.test(line) ? `'${line}` : line))
    .join('\n');
}

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Numbers are written as numbers (a negative count is never produced; still neutralised as text would be).
  const text = typeof value === 'number' && value >= 0 ? String(value) : neutralise(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: CsvCell[], rows: CsvCell[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function csvBlob(header: CsvCell[], rows: CsvCell[][]): Blob {
  return new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
}
