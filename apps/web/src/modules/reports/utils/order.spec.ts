import { moveSection } from './order';

describe('moveSection', () => {
  it('swaps a section with its neighbour and leaves the input as it was', () => {
    const ids = ['a', 'b', 'c'];
    expect(moveSection(ids, 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveSection(ids, 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(ids).toEqual(['a', 'b', 'c']);
  });

  it('cannot move the first up, the last down, or an unknown section', () => {
    expect(moveSection(['a', 'b'], 'a', -1)).toBeNull();
    expect(moveSection(['a', 'b'], 'b', 1)).toBeNull();
    expect(moveSection(['a', 'b'], 'z', 1)).toBeNull();
  });
});
