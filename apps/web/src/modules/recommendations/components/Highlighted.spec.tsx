import { render } from '@testing-library/react';
import { Highlighted, splitHighlights } from './Highlighted';

describe('Highlighted', () => {
  it('wraps accent-insensitive French matches in <mark>', () => {
    const { container } = render(<Highlighted text="Garantir l'égalité entre les femmes et les hommes." query="egalite" />);
    const marks = [...container.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toEqual(['égalité']);
    expect(container.textContent).toBe("Garantir l'égalité entre les femmes et les hommes.");
  });

  it('matches Arabic typed without hamza and keeps the original spelling', () => {
    const { container } = render(<Highlighted text="ضمان المساواة بين المرأة والرجل" query="المراة" />);
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['المرأة']);
  });

  it('highlights every query word and nothing without a query', () => {
    expect(splitHighlights('Torture and ill-treatment of women', 'torture woman').filter((p) => p.match).map((p) => p.text)).toEqual([
      'Torture',
      'women',
    ]);
    expect(splitHighlights('Torture', '  ')).toEqual([{ text: 'Torture', match: false }]);
  });
});
