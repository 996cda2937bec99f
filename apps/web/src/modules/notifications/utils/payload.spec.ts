import { notificationInstitution } from './payload';

describe('notificationInstitution', () => {
  const mj = { id: 'x', code: 'MJ', nameAr: 'وزارة العدل', nameFr: 'Ministère de la Justice', nameEn: 'Ministry of Justice' };

  it('names the institution in the UI language', () => {
    expect(notificationInstitution(mj, 'ar')).toBe('وزارة العدل');
    expect(notificationInstitution(mj, 'fr')).toBe('Ministère de la Justice');
    expect(notificationInstitution(mj, 'en')).toBe('Ministry of Justice');
  });

  it('falls back to another language, then to the code', () => {
    expect(notificationInstitution({ ...mj, nameAr: '' }, 'ar')).toBe('Ministère de la Justice');
    expect(notificationInstitution({ code: 'MJ', nameAr: null, nameFr: null, nameEn: null }, 'ar')).toBe('MJ');
  });

  it('shows a plain name (older notifications) as is, nothing for a missing one', () => {
    expect(notificationInstitution('Ministère de la Justice', 'ar')).toBe('Ministère de la Justice');
    expect(notificationInstitution(undefined, 'ar')).toBe('');
  });
});
