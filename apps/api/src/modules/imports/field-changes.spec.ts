import { describeChanges, EXCERPT_OVER, textExcerpts } from './field-changes.js';

describe('describeChanges', () => {
  it('gives each changed field its value before and after, a review by its code, lists as they are', () => {
    const reviews = new Map([
      ['r-1', 'MAR-UPR-2'],
      ['r-2', 'MAR-UPR-3'],
    ]);
    expect(
      describeChanges(
        {
          textEn: { before: 'Ratify the Convention', after: 'Ratify the Convention (France)' },
          reviewId: { before: 'r-1', after: 'r-2' },
          response: { before: null, after: 'supported' },
          themeCodes: { before: ['torture'], after: ['detention', 'torture'] },
        },
        reviews,
      ),
    ).toEqual([
      { field: 'textEn', before: 'Ratify the Convention', after: 'Ratify the Convention (France)' },
      { field: 'review', before: 'MAR-UPR-2', after: 'MAR-UPR-3' },
      { field: 'response', before: null, after: 'supported' },
      { field: 'themeCodes', before: ['torture'], after: ['detention', 'torture'] },
    ]);
  });

  it('cuts two long texts to what differs, with an ellipsis for each cut', () => {
    const start = 'a'.repeat(800);
    const end = 'z'.repeat(800);
    const t = textExcerpts(`${start} old words ${end}`, `${start} new words ${end}`);
    expect(t.excerpt).toBe(true);
    expect(t.before).toMatch(/^….* old words .*…$/);
    expect(t.after).toMatch(/^….* new words .*…$/);
    expect(t.before.length).toBeLessThan(400);
  });

  it('keeps short texts whole and bounds a long text rewritten from end to end', () => {
    expect(textExcerpts('short', 'other')).toEqual({ before: 'short', after: 'other', excerpt: false });
    const t = textExcerpts('x'.repeat(5000), 'y'.repeat(5000));
    expect(t.before.length).toBeLessThanOrEqual(EXCERPT_OVER + 200);
  });
});
