import { render } from '@testing-library/react';
import { ReportPreview } from './ReportPreview';

function preview(source: string, language = 'fr', dir: 'ltr' | 'rtl' = 'ltr') {
  return render(<ReportPreview source={source} language={language} dir={dir} empty="Rien" testId="p" />).getByTestId('p');
}

describe('ReportPreview', () => {
  it('renders each block of the Markdown subset as its element, with bold and italic runs', () => {
    const el = preview('# Cadre\n\nLe Maroc a **adopté** la loi *38.15*.\n\n- un\n- deux\n\n1. premier\n2. second\n\n> citation');
    expect(el.querySelector('h3')?.textContent).toBe('Cadre');
    expect(el.querySelector('p strong')?.textContent).toBe('adopté');
    expect(el.querySelector('p em')?.textContent).toBe('38.15');
    expect([...el.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['un', 'deux']);
    expect([...el.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['premier', 'second']);
    expect(el.querySelector('blockquote')?.textContent).toBe('citation');
  });

  it('shows a <script> and any other tag as literal text, never as an element', () => {
    const el = preview('<script>window.__pwned = 1</script>\n\n<img src=x onerror="alert(1)"> **gras**');
    expect(el.querySelector('script')).toBeNull();
    expect(el.querySelector('img')).toBeNull();
    const paragraphs = [...el.querySelectorAll('p')].map((p) => p.textContent);
    expect(paragraphs).toEqual(['<script>window.__pwned = 1</script>', '<img src=x onerror="alert(1)"> gras']);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('highlights the to-translate marker quotes, in any language, and only them', () => {
    const el = preview('> [À traduire — texte en arabe]\n\nاتخذت الحكومة تدابير.\n\n> une vraie citation\n\n> [للترجمة — النص باللغة الفرنسية]');
    const quotes = [...el.querySelectorAll('blockquote')];
    expect(quotes.map((q) => q.getAttribute('data-to-translate'))).toEqual(['true', null, 'true']);
  });

  it('writes in the report’s language and direction, whatever the interface’s', () => {
    const el = preview('نص التقرير', 'ar', 'rtl');
    expect(el.getAttribute('dir')).toBe('rtl');
    expect(el.getAttribute('lang')).toBe('ar');
  });

  it('says there is nothing to preview for an empty text', () => {
    expect(preview('  \n\n').textContent).toBe('Rien');
  });
});
