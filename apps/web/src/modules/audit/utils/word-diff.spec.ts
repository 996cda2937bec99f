import { tokens, wordDiff, type DiffPart } from './word-diff';

const side = (parts: DiffPart[], kind: 'removed' | 'added') => parts.filter((p) => p.kind !== kind).map((p) => p.text).join('');

describe('wordDiff', () => {
  it('marks the changed words and gives back both texts exactly', () => {
    const before = 'Adopter une loi contre la torture.';
    const after = 'Adopter sans délai une loi complète contre la torture.';
    const parts = wordDiff(before, after);
    expect(side(parts, 'added')).toBe(before);
    expect(side(parts, 'removed')).toBe(after);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['sans délai', 'complète']);
    expect(parts.some((p) => p.kind === 'removed')).toBe(false);
  });

  it('works on Arabic words', () => {
    const parts = wordDiff('اعتماد قانون بشأن التعذيب.', 'اعتماد قانون شامل بشأن التعذيب.');
    expect(parts).toEqual([
      { kind: 'same', text: 'اعتماد قانون ' },
      { kind: 'added', text: 'شامل ' },
      { kind: 'same', text: 'بشأن التعذيب.' },
    ]);
  });

  it('a replaced word is removed then added; identical texts are one part', () => {
    expect(wordDiff('statut en cours', 'statut achevé')).toEqual([
      { kind: 'same', text: 'statut ' },
      { kind: 'removed', text: 'en cours' },
      { kind: 'added', text: 'achevé' },
    ]);
    expect(wordDiff('a b', 'a b')).toEqual([{ kind: 'same', text: 'a b' }]);
    expect(tokens('  a  b')).toEqual(['  ', 'a  ', 'b']);
  });

  it('very long texts fall back to removed then added, still exact', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(' ');
    const after = Array.from({ length: 3000 }, (_, i) => `v${i}`).join(' ');
    const parts = wordDiff(before, after);
    expect(side(parts, 'added')).toBe(before);
    expect(side(parts, 'removed')).toBe(after);
  });
});
