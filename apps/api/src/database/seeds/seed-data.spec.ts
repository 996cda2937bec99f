import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
    expect(ref.bodies.filter((b) => b.mechanism === 'SPECIAL_PROCEDURE')).toHaveLength(12);
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
});
