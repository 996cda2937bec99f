import { EXCHANGE_COLUMNS } from './exchange-format.js';
import { EXCHANGE_HEADERS, EXCHANGE_LANGS, EXCHANGE_VALUE_LABELS, exchangeColumnOf, exchangeValueCodes } from './exchange-labels.js';

describe('exchange labels', () => {
  it('gives every field a distinct header in each language, none equal to a code column', () => {
    const codes = new Set(Object.values(EXCHANGE_COLUMNS));
    for (const lang of EXCHANGE_LANGS) {
      const headers = Object.values(EXCHANGE_HEADERS[lang]);
      expect(new Set(headers).size).toBe(headers.length);
      for (const h of headers) expect(codes.has(h as never)).toBe(false);
    }
  });

  it('maps every label of every language back to its code, without two codes sharing a label', () => {
    for (const field of ['mechanism', 'response', 'status', 'kind'] as const) {
      const back = exchangeValueCodes(field);
      for (const lang of EXCHANGE_LANGS) {
        const labels = EXCHANGE_VALUE_LABELS[lang][field] as Record<string, string>;
        for (const [code, label] of Object.entries(labels)) expect(back[label]).toBe(code);
      }
    }
  });

  it('finds a field by its code column first, then by its header in any language', () => {
    expect(exchangeColumnOf('status', ['Statut de mise en œuvre', 'status'])).toBe('status');
    expect(exchangeColumnOf('status', ['حالة التنفيذ'])).toBe('حالة التنفيذ');
    expect(exchangeColumnOf('textEn', ['Text (English) '])).toBe('Text (English) ');
    expect(exchangeColumnOf('themes', ['Body'])).toBeUndefined();
  });
});
