import { diffParts, listDiff } from './field-diff';

describe('diffParts', () => {
  it('marks the trailing ";" a text loses, and nothing else', () => {
    const d = diffParts('Ratify the Convention (France);', 'Ratify the Convention (France)');
    expect(d.before).toEqual({ prefix: 'Ratify the Convention (France)', middle: ';', suffix: '' });
    expect(d.after).toEqual({ prefix: 'Ratify the Convention (France)', middle: '', suffix: '' });
  });

  it('marks a word added in the middle, whole', () => {
    const d = diffParts('Ratify the Convention (Denmark)', 'Ratify the Convention promptly (Denmark)');
    expect(d.before.middle).toBe('');
    expect(d.after).toEqual({ prefix: 'Ratify the Convention ', middle: 'promptly ', suffix: '(Denmark)' });
  });

  it('marks a changed word whole, in Arabic too', () => {
    const d = diffParts('تعزيز المساواة بين المرأة والرجل', 'تعزيز العدالة بين المرأة والرجل');
    expect(d.before.middle).toBe('المساواة');
    expect(d.after.middle).toBe('العدالة');
  });
});

describe('listDiff', () => {
  it('tells the codes that go, come and stay', () => {
    expect(listDiff(['FR', 'MA'], ['ES', 'FR'])).toEqual({ removed: ['MA'], added: ['ES'], kept: ['FR'] });
  });
});
