/** The visible text of an element, whitespace collapsed (no jest-dom in this workspace). */
export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The value of an input or select. */
export function value(el: Element | null | undefined): string {
  return (el as HTMLInputElement | null)?.value ?? '';
}
