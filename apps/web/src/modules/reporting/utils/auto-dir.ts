/**
 * Mantine puts a `dir` prop on the input's wrapper, not on the <input>/<textarea>: this ref sets
 * `dir="auto"` on the field itself, so Arabic typed in a French UI (and the reverse) runs right-to-left.
 */
export function autoDir(el: HTMLInputElement | HTMLTextAreaElement | null): void {
  el?.setAttribute('dir', 'auto');
}
