import { emailDomainAllowed, EMAIL_DOMAIN_PATTERN, normaliseEmailDomain, reminderRecipients, wouldMakeCycle } from './institutions-admin.js';

describe('institution e-mail domains', () => {
  it('allows any address when the institution sets no domain', () => {
    expect(emailDomainAllowed('x@gmail.com', [])).toBe(true);
  });

  it('allows the domain and its sub-domains, nothing else', () => {
    const domains = ['justice.gov.ma'];
    expect(emailDomainAllowed('a@justice.gov.ma', domains)).toBe(true);
    expect(emailDomainAllowed('a@DAJG.Justice.gov.ma', domains)).toBe(true);
    expect(emailDomainAllowed('a@injustice.gov.ma', domains)).toBe(false);
    expect(emailDomainAllowed('a@justice.gov.ma.evil.test', domains)).toBe(false);
    expect(emailDomainAllowed('no-at-sign', domains)).toBe(false);
  });

  it('normalises and validates domains', () => {
    expect(normaliseEmailDomain(' @Justice.GOV.ma ')).toBe('justice.gov.ma');
    expect(EMAIL_DOMAIN_PATTERN.test('justice.gov.ma')).toBe(true);
    expect(EMAIL_DOMAIN_PATTERN.test('not a domain')).toBe(false);
    expect(EMAIL_DOMAIN_PATTERN.test('localhost')).toBe(false);
  });
});

describe('parent cycles', () => {
  const parents = new Map<string, string | null>([['a', null], ['b', 'a'], ['c', 'b'], ['d', null]]);

  it('refuses the institution itself and its descendants as parent', () => {
    expect(wouldMakeCycle('a', 'a', parents)).toBe(true);
    expect(wouldMakeCycle('a', 'c', parents)).toBe(true);
    expect(wouldMakeCycle('b', 'c', parents)).toBe(true);
  });

  it('allows no parent, an ancestor or an unrelated institution', () => {
    expect(wouldMakeCycle('c', null, parents)).toBe(false);
    expect(wouldMakeCycle('c', 'a', parents)).toBe(false);
    expect(wouldMakeCycle('a', 'd', parents)).toBe(false);
  });
});

describe('reminder recipients', () => {
  const main = { id: 'm', focalPointKind: 'main' };
  const alternate = { id: 'a', focalPointKind: 'alternate' };
  const undesignated = { id: 'u', focalPointKind: null };

  it('before the deadline: the main focal point only', () => {
    expect(reminderRecipients([alternate, main, undesignated], false)).toEqual([main]);
  });

  it('once overdue: the main focal point first, then every other focal point', () => {
    expect(reminderRecipients([alternate, main, undesignated], true)).toEqual([main, alternate, undesignated]);
  });

  it('without a main focal point: every focal point, before and after the deadline', () => {
    expect(reminderRecipients([alternate, undesignated], false)).toEqual([alternate, undesignated]);
    expect(reminderRecipients([], true)).toEqual([]);
  });

  it('a second `main` (an old invitation) counts as an alternate', () => {
    const second = { id: 'm2', focalPointKind: 'main' };
    expect(reminderRecipients([main, second], false)).toEqual([main]);
  });
});
