import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IMPLEMENTATION_STATUSES, INDICATOR_TYPES, normalizeRecommendationText } from '@sidh/domain';
import { MEASURES_MAX_LENGTH } from '../../modules/contributions/dto/contribution.dto.js';
import { contributionText, loadDemoAchievements, recommendationKey } from './demo-contributions.js';
import { loadDemoDataset, loadReferenceDataset, SEED_DATA_DIR, type NamedRow } from './seed-data.js';
import { DEMO_USERS } from './seeder.js';

const ref = loadReferenceDataset();
const demo = loadDemoDataset();
const codes = (rows: { code: string }[]) => new Set(rows.map((r) => r.code));
const byReview = (code: string) => demo.recommendations.filter((r) => r.reviewCode === code);
const complete = (r: NamedRow) => [r.nameEn, r.nameFr, r.nameAr].every((n) => typeof n === 'string' && n.trim().length > 0);

describe('seed data', () => {
  it('is read from the source tree', () => {
    expect(existsSync(resolve(SEED_DATA_DIR, 'countries.json'))).toBe(true);
  });

  it('has unique codes and names in three languages in every reference table', () => {
    for (const [table, rows] of Object.entries(ref)) {
      const list = rows as NamedRow[];
      expect({ table, unique: codes(list).size }).toEqual({ table, unique: list.length });
      expect({ table, incomplete: list.filter((r) => !complete(r)).map((r) => r.code) }).toEqual({ table, incomplete: [] });
    }
  });

  it('has the 52 institutions with MJ (Justice) and MI (Interior)', () => {
    expect(ref.institutions).toHaveLength(52);
    expect(codes(ref.institutions).size).toBe(52);
    expect(ref.institutions.find((i) => i.code === 'MJ')?.nameFr).toBe('Justice');
    expect(ref.institutions.find((i) => i.code === 'MI')?.nameFr).toBe('Intérieur');
    const types = new Set(['ministry', 'public_agency', 'independent_institution', 'judiciary', 'parliament', 'other']);
    expect(ref.institutions.filter((i) => !types.has(i.type))).toEqual([]);
    expect(ref.institutions.every((i) => i.code.length <= 32)).toBe(true);
  });

  it('has 17 SDG goals and 169 targets, each target under an existing goal', () => {
    expect(ref.sdgGoals).toHaveLength(17);
    expect(ref.sdgGoals.map((g) => g.code)).toEqual(Array.from({ length: 17 }, (_, i) => String(i + 1)));
    expect(ref.sdgTargets).toHaveLength(169);
    const goals = codes(ref.sdgGoals);
    expect(ref.sdgTargets.filter((t) => !goals.has(t.goalCode))).toEqual([]);
  });

  it('has the countries, themes, bodies and axes the domain expects', () => {
    // The 193 UN member states and the two observer states.
    expect(ref.countries.length).toBe(195);
    expect(ref.countries.map((c) => c.code)).toEqual(expect.arrayContaining(['MA', 'FR', 'VA', 'PS']));
    expect(ref.countries.every((c) => /^[A-Z]{2}$/.test(c.code))).toBe(true);
    expect(ref.themes).toHaveLength(54);
    expect(ref.themes.every((t) => t.code.length <= 64 && t.sourceLabel)).toBe(true);
    const bodies = new Map(ref.bodies.map((b) => [b.code, b]));
    for (const code of ['UPR', 'CERD', 'CCPR', 'CESCR', 'CEDAW', 'CAT', 'SPT', 'CRC', 'CMW', 'CRPD', 'CED']) expect(bodies.has(code)).toBe(true);
    expect(ref.bodies.filter((b) => b.mechanism === 'TREATY_BODY')).toHaveLength(10);
    // The 12 mandates of the DIDH database, then every other current mandate of special-procedures.json (46 thematic, 15 country in all).
    const mandates = ref.bodies.filter((b) => b.mechanism === 'SPECIAL_PROCEDURE');
    expect(mandates).toHaveLength(61);
    expect(mandates.slice(0, 12).map((b) => b.code)).toEqual(['SP-FOOD', 'SP-RACISM', 'SP-TORTURE', 'SP-TRAFFICKING', 'SP-WG-WOMEN', 'SP-WGAD', 'SP-CULTURE', 'SP-SOLIDARITY', 'SP-WGEID', 'SP-EDUCATION', 'SP-MIGRANTS', 'SP-CHILDREN']);
    for (const m of mandates) expect([m.nameEn, m.nameFr, m.nameAr].every((n) => n.trim().length > 0)).toBe(true);
    expect(bodies.get('CCPR')?.followUpMonths).toBe(12);
    expect(bodies.get('CEDAW')?.followUpMonths).toBe(24);
    expect(bodies.get('CRC')?.followUpMonths).toBeNull();
    expect(ref.axes).toHaveLength(9);
    expect(ref.subAxes).toHaveLength(36);
    const axes = codes(ref.axes);
    expect(ref.subAxes.filter((s) => !axes.has(s.axisCode))).toEqual([]);
  });

  it('has Morocco UPR cycle 3 (227, French and Arabic, 439 institution links) and cycle 2 (148)', () => {
    const c3 = byReview('MAR-UPR-3');
    expect(c3).toHaveLength(227);
    expect(c3.filter((r) => !r.textFr?.trim() || !r.textAr?.trim())).toEqual([]);
    expect(c3.reduce((n, r) => n + r.institutions.length, 0)).toBe(439);
    expect(c3.every((r) => r.documentSymbol === 'A/HRC/36/6' && /^144\.\d+$/.test(r.paragraph ?? '') && r.externalCode)).toBe(true);
    expect(c3.find((r) => r.externalCode === 'R144.110 P2')?.paragraph).toBe('144.110');
    expect(byReview('MAR-UPR-2')).toHaveLength(148);
    expect(byReview('MAR-UPR-1')).toHaveLength(11);
    expect(byReview('MAR-UPR-2').filter((r) => r.response === 'noted')).toHaveLength(8);
  });

  it('holds every recommendation text in the normal form the importer compares with (no trailing ";")', () => {
    const texts = demo.recommendations.flatMap((r) => [r.textAr, r.textFr, r.textEn]).filter((t): t is string => t !== null);
    expect(texts.length).toBeGreaterThan(600);
    expect(texts.filter((t) => normalizeRecommendationText(t) !== t)).toEqual([]);
    expect(texts.filter((t) => /[;؛]\s*$/.test(t))).toEqual([]);
  });

  it('has no known slip of the sources in names and texts (accents on French capitals, repeated words)', () => {
    const names = [...ref.institutions, ...ref.axes, ...ref.subAxes].flatMap((r) => [r.nameFr, r.nameAr, (r as { shortFr?: string }).shortFr ?? '']);
    const texts = demo.recommendations.flatMap((r) => [r.textFr ?? '', r.textAr ?? '']);
    const slips = [/\bE(?:tat|trang|quipement|ducation|conomi|nergie)/, /\bde la de la\b/, /\bPolitiques\b/, /ANELCA/, /الحق في و/, / ,/];
    expect(names.filter((n) => slips.some((re) => re.test(n)))).toEqual([]);
    expect(texts.filter((t) => /\bde la de la\b|(?<!\.) ,/u.test(t))).toEqual([]);
    expect(ref.institutions.find((i) => i.code === 'MAE')?.nameFr).toBe('Affaires étrangères');
  });

  it('references only codes that exist in the reference files', () => {
    const sets = {
      states: codes(ref.countries),
      themes: codes(ref.themes),
      affectedPersons: codes(ref.affectedPersons),
      sdgTargets: codes(ref.sdgTargets),
      axes: codes(ref.axes),
      subAxes: codes(ref.subAxes),
      institutions: codes(ref.institutions),
    } as const;
    const reviews = new Set(demo.reviews.map((r) => `${r.bodyCode}/${r.code}`));
    const bodies = codes(ref.bodies);
    const missing: string[] = [];
    for (const rec of demo.recommendations) {
      if (!bodies.has(rec.bodyCode)) missing.push(`body ${rec.bodyCode}`);
      if (!reviews.has(`${rec.bodyCode}/${rec.reviewCode}`)) missing.push(`review ${rec.reviewCode}`);
      for (const [field, set] of Object.entries(sets)) {
        for (const code of rec[field as keyof typeof sets]) if (!set.has(code)) missing.push(`${field} ${code}`);
      }
    }
    expect(missing).toEqual([]);
    for (const u of DEMO_USERS) if (u.institutionCode) expect(sets.institutions.has(u.institutionCode)).toBe(true);
  });

  it('fits the schema column sizes', () => {
    for (const rec of demo.recommendations) {
      expect((rec.paragraph ?? '').length).toBeLessThanOrEqual(32);
      expect((rec.externalCode ?? '').length).toBeLessThanOrEqual(64);
    }
    expect(ref.subAxes.every((s) => s.code.length <= 16)).toBe(true);
  });

  describe('demo achievements (content of the validated demo contributions)', () => {
    const achievements = loadDemoAchievements();
    const entries = achievements.contributions;
    const ARABIC = /[\u0600-\u06FF]/gu;
    const LATIN = /[A-Za-z\u00C0-\u024F]/gu;
    const letters = (text: string, script: RegExp) => text.match(script)?.length ?? 0;
    const isArabic = (text: string) => letters(text, ARABIC) > letters(text, LATIN);
    const recommendationsByKey = new Map<string, number>();
    for (const r of demo.recommendations) recommendationsByKey.set(recommendationKey(r), (recommendationsByKey.get(recommendationKey(r)) ?? 0) + 1);
    const recommendationOf = (key: string) => demo.recommendations.find((r) => recommendationKey(r) === key)!;

    it('has 12 to 20 entries over 3 to 5 institutions, none twice on one recommendation', () => {
      expect(entries.length).toBeGreaterThanOrEqual(12);
      expect(entries.length).toBeLessThanOrEqual(20);
      const institutions = new Set(entries.map((e) => e.institution));
      expect(institutions.size).toBeGreaterThanOrEqual(3);
      expect(institutions.size).toBeLessThanOrEqual(5);
      const pairs = entries.map((e) => `${e.institution} ${recommendationKey(e.recommendation)}`);
      expect(new Set(pairs).size).toBe(pairs.length);
    });

    it('names demo institutions and exactly one demo recommendation each, mostly of UPR cycle 3', () => {
      const institutions = codes(ref.institutions);
      expect(entries.filter((e) => !institutions.has(e.institution)).map((e) => e.institution)).toEqual([]);
      const notExactlyOne = entries.map((e) => recommendationKey(e.recommendation)).filter((key) => recommendationsByKey.get(key) !== 1);
      expect(notExactlyOne).toEqual([]);
      const cycle3 = entries.filter((e) => recommendationOf(recommendationKey(e.recommendation)).reviewCode === 'MAR-UPR-3');
      expect(cycle3.length).toBeGreaterThan(entries.length / 2);
    });

    it('cites each source file once in the sources list and in SOURCES.md, and each entry cites listed sources', () => {
      const files = achievements.sources.map((s) => s.file);
      expect(new Set(files).size).toBe(files.length);
      expect(achievements.sources.every((s) => s.provenance.trim().length > 0 && s.title.trim().length > 0 && codes(ref.institutions).has(s.institution))).toBe(true);
      const sourcesMd = readFileSync(resolve(SEED_DATA_DIR, 'SOURCES.md'), 'utf8');
      expect(files.filter((f) => !sourcesMd.includes(`\`${f}\``))).toEqual([]);
      expect(entries.filter((e) => e.sources.length === 0 || e.sources.some((f) => !files.includes(f)))).toEqual([]);
      // Every source is used.
      expect(files.filter((f) => !entries.some((e) => e.sources.includes(f)))).toEqual([]);
    });

    it('has Arabic measures for every entry and, for 3 or 4 of them, a French version without Arabic', () => {
      expect(entries.filter((e) => !e.measuresAr.trim() || !isArabic(e.measuresAr)).map((e) => recommendationKey(e.recommendation))).toEqual([]);
      const french = entries.filter((e) => e.measuresFr !== undefined);
      expect(french.length).toBeGreaterThanOrEqual(3);
      expect(french.length).toBeLessThanOrEqual(4);
      // French only: no Arabic letter left in the French version.
      expect(french.filter((e) => !e.measuresFr!.trim() || letters(e.measuresFr!, ARABIC) > 0)).toEqual([]);
      expect(entries.every((e) => contributionText(e).length <= MEASURES_MAX_LENGTH)).toBe(true);
    });

    it('has an implementation status, and indicators with a numeric value in the language of the text', () => {
      expect(entries.filter((e) => !(IMPLEMENTATION_STATUSES as readonly string[]).includes(e.implementationStatus))).toEqual([]);
      const bad: string[] = [];
      for (const e of entries) {
        const arabicText = e.measuresFr === undefined;
        for (const i of e.indicators) {
          const where = `${e.institution} ${e.recommendation.paragraph} ${i.name}`;
          if (!(INDICATOR_TYPES as readonly string[]).includes(i.type)) bad.push(`${where}: type`);
          if (typeof i.value !== 'number' || !Number.isFinite(i.value)) bad.push(`${where}: value`);
          for (const n of [i.baseline, i.target]) if (n !== null && (typeof n !== 'number' || !Number.isFinite(n))) bad.push(`${where}: baseline/target`);
          if (i.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(i.date)) bad.push(`${where}: date`);
          if (!i.name.trim() || i.name.length > 300 || (i.unit ?? '').length > 50) bad.push(`${where}: lengths`);
          if (isArabic(i.name) !== arabicText) bad.push(`${where}: language`);
        }
      }
      expect(bad).toEqual([]);
      // The figures the sources are known for.
      const values = entries.flatMap((e) => e.indicators.map((i) => i.value));
      expect(values).toEqual(expect.arrayContaining([147, 35, 217, 301, 4400, 13]));
    });
  });
});
