/** Characters that make a spreadsheet treat a cell as a formula (or DDE), RFC 4180 aside. */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

/** Formula-injection neutralisation: a cell starting with = + - @ tab CR NUL gets a leading `'`. */
export function neutralizeCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value.length > 0 && TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

export function startsWithTrigger(value: string): boolean {
  return value.length > 0 && TRIGGERS.has(value[0]!);
}
