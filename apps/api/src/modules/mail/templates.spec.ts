import { institutionNames, renderMail } from './templates.js';

describe('renderMail', () => {
  const institution = institutionNames({ nameAr: 'وزارة العدل', nameFr: 'Ministère de la Justice', nameEn: 'Ministry of Justice' });
  const params = { recommendation: 'A/HRC/36/6 144.1', institution, campaign: 'C', deadline: '2026-01-31', link: 'http://x' };

  it('names the institution in the recipient\'s language', () => {
    expect(renderMail('reminder.due_soon', 'ar', params).body).toContain('وزارة العدل');
    expect(renderMail('reminder.due_soon', 'fr', params).body).toContain('Ministère de la Justice');
    expect(renderMail('reminder.due_soon', 'en', params).body).toContain('Ministry of Justice');
    expect(renderMail('reminder.due_soon', 'ar', params).body).not.toContain('Ministère');
  });

  it('falls back to another language when the recipient\'s is missing', () => {
    const partial = { ...params, institution: institutionNames({ nameAr: null, nameFr: 'Ministère de la Justice', nameEn: null }) };
    expect(renderMail('reminder.overdue', 'ar', partial).body).toContain('Ministère de la Justice');
  });
});
