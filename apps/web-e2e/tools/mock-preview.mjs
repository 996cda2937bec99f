// Screenshots of the built SPA against a MOCKED API (Playwright request interception), to review the
// screens in fr and ar without a running back end:
//   npx vite build --config apps/web/vite.config.ts
//   npx vite preview --config apps/web/vite.config.ts --port 4300 &
//   node apps/web-e2e/tools/mock-preview.mjs [http://localhost:4300]
// Output: apps/web-e2e/output/mock-*.png (git-ignored).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://localhost:4300';
const out = new URL('../output/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const me = {
  id: 'u1',
  email: 'coordinator@demo.sidh',
  name: 'Salma Bennani',
  role: 'coordinator',
  locale: 'fr',
  institution: { id: 'i0', code: 'DIDH', nameAr: 'المندوبية الوزارية المكلفة بحقوق الإنسان', nameFr: "Délégation interministérielle aux droits de l'Homme", nameEn: 'Interministerial Delegation for Human Rights' },
  permissions: [],
};
const body = (code, nameFr, nameAr, nameEn) => ({ id: `b-${code}`, code, nameFr, nameAr, nameEn });
const CAT = body('CAT', 'Comité contre la torture', 'لجنة مناهضة التعذيب', 'Committee against Torture');
const UPR = body('UPR', 'Examen périodique universel', 'الاستعراض الدوري الشامل', 'Universal Periodic Review');
const rec = (id, extra) => ({
  id,
  mechanism: 'UPR',
  body: UPR,
  review: { id: 'r3', code: 'UPR-3', title: 'EPU — 3e cycle (2017)', year: 2017 },
  documentSymbol: 'A/HRC/36/6',
  paragraph: '144.44',
  externalCode: 'R144.44',
  textAr: null,
  textFr: null,
  textEn: null,
  response: 'supported',
  status: 'in_progress',
  followUp: false,
  version: 3,
  ...extra,
});
const items = [
  rec('1', {
    textFr: "Poursuivre les efforts visant à garantir l'égalité entre les femmes et les hommes, notamment en matière d'accès à l'emploi.",
    textAr: 'مواصلة الجهود الرامية إلى ضمان المساواة بين المرأة والرجل، لا سيما في مجال الولوج إلى العمل.',
    textEn: 'Continue efforts to guarantee equality between women and men, in particular in access to employment.',
  }),
  rec('2', {
    mechanism: 'TREATY_BODY',
    body: CAT,
    review: { id: 'c4', code: 'CAT-4', title: 'CAT — 4e rapport périodique', year: 2011 },
    documentSymbol: 'CAT/C/MAR/CO/4',
    paragraph: '12(b)',
    externalCode: null,
    response: null,
    status: 'partially_implemented',
    followUp: true,
    textFr: "Veiller à ce que toutes les allégations de torture fassent l'objet d'enquêtes promptes et impartiales.",
  }),
  rec('3', {
    paragraph: '144.110',
    response: 'noted',
    status: null,
    textAr: 'اتخاذ التدابير اللازمة لحماية حقوق المرأة القروية.',
  }),
];
const detail = {
  ...items[0],
  followUpDueDate: null,
  recommendingStates: [{ code: 'FR', nameFr: 'France', nameAr: 'فرنسا', nameEn: 'France' }, { code: 'SN', nameFr: 'Sénégal', nameAr: 'السنغال', nameEn: 'Senegal' }],
  themes: [{ code: 'B31', nameFr: 'Égalité et non-discrimination', nameAr: 'المساواة وعدم التمييز', nameEn: 'Equality & non-discrimination' }],
  affectedPersons: [{ code: 'women', nameFr: 'Femmes', nameAr: 'النساء', nameEn: 'Women' }],
  sdgTargets: [{ code: '5.1', nameFr: 'Mettre fin à la discrimination', nameAr: 'القضاء على التمييز', nameEn: 'End discrimination' }],
  axes: [{ code: 'A3', nameFr: 'Égalité et parité', nameAr: 'المساواة والمناصفة', nameEn: 'Equality and parity' }],
  subAxes: [],
  assignments: [
    { id: 'a1', institution: { id: 'i1', code: 'MSSI', nameFr: 'Ministère de la Solidarité', nameAr: 'وزارة التضامن', nameEn: 'Ministry of Solidarity' }, role: 'lead', dueDate: '2025-03-31' },
    { id: 'a2', institution: { id: 'i2', code: 'MJ', nameFr: 'Ministère de la Justice', nameAr: 'وزارة العدل', nameEn: 'Ministry of Justice' }, role: 'contributor', dueDate: null },
  ],
  createdAt: '2024-01-10T09:00:00Z',
  updatedAt: '2024-11-02T15:30:00Z',
};
const facets = {
  mechanism: [{ value: 'UPR', count: 2 }, { value: 'TREATY_BODY', count: 1 }],
  body: [{ value: 'b-UPR', count: 2 }, { value: 'b-CAT', count: 1 }],
  response: [{ value: 'supported', count: 1 }, { value: 'noted', count: 1 }],
  status: [{ value: 'in_progress', count: 1 }, { value: 'partially_implemented', count: 1 }],
  followUp: [{ value: 'true', count: 1 }, { value: 'false', count: 2 }],
};
const history = {
  items: [
    { id: 'h2', occurredAt: '2024-11-02T15:30:00Z', action: 'recommendation.update', actor: { id: 'u1', name: 'Salma Bennani', role: 'coordinator' }, changes: { status: { before: 'not_started', after: 'in_progress' }, textFr: { before: 'Poursuivre les efforts.', after: "Poursuivre les efforts visant à garantir l'égalité." } } },
    { id: 'h1', occurredAt: '2024-01-10T09:00:00Z', action: 'recommendation.create', actor: null, changes: {} },
  ],
};

const json = (route, status, data, headers = {}) =>
  route.fulfill({ status, contentType: 'application/json', headers, body: data === undefined ? '' : JSON.stringify(data) });

let loggedIn = false;
async function api(route) {
  const url = new URL(route.request().url());
  const p = url.pathname.replace('/api/v1', '');
  if (p === '/auth/refresh') return loggedIn ? json(route, 200, { accessToken: 't', expiresIn: 900, user: me }) : json(route, 401, { code: 'auth.unauthorized' });
  if (p === '/auth/login') {
    loggedIn = true;
    return json(route, 200, { accessToken: 't', expiresIn: 900, user: me });
  }
  if (p === '/recommendations') return json(route, 200, { items, total: 57, page: 1, pageSize: 20, facets });
  if (p === '/recommendations/1') return json(route, 200, detail, { ETag: '"3"' });
  if (p === '/recommendations/1/history') return json(route, 200, history);
  if (p === '/reference/bodies') return json(route, 200, [{ ...UPR, mechanism: 'UPR' }, { ...CAT, mechanism: 'TREATY_BODY' }]);
  if (p === '/audit/events')
    return json(route, 200, {
      items: history.items.map((h, i) => ({ id: h.id, occurredAt: h.occurredAt, actorId: 'u1', actorRole: 'coordinator', actorInstitutionId: null, action: h.action, entityType: 'recommendation', entityId: '1', changes: h.changes, requestId: 'req', ip: '10.0.0.1', hash: `a${i}f3c9be1d2e4f5a6b7c8d9e0f` })),
      total: 2,
      page: 1,
      pageSize: 25,
    });
  if (p === '/audit/verify') return json(route, 200, { intact: true, eventsChecked: 1234, firstBrokenEventId: null });
  return json(route, 200, []);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.route('**/api/v1/**', api);
page.on('pageerror', (e) => console.error('pageerror', e.message));
page.on('console', (m) => m.type() === 'error' && console.error('console', m.text()));
for (const lang of ['fr', 'ar']) {
  loggedIn = false;
  await page.goto(`${base}/login`);
  await page.evaluate((l) => localStorage.setItem('sidh.language', l), lang);
  await page.reload();
  await page.waitForSelector('[data-testid=login-form]');
  await page.screenshot({ path: `${out}mock-${lang}-1-login.png` });
  await page.fill('input[name=email]', 'coordinator@demo.sidh');
  await page.fill('input[name=password]', 'demo-password');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=result]');
  await page.fill('[data-testid=search-input]', lang === 'fr' ? 'egalite' : 'المراة');
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}mock-${lang}-2-search.png` });
  await page.click('[data-testid=result-citation] >> nth=0');
  await page.waitForSelector('[data-testid=metadata]');
  await page.screenshot({ path: `${out}mock-${lang}-3-detail.png`, fullPage: true });
  await page.click('[data-testid=tab-history]');
  await page.waitForSelector('[data-testid=history-event]');
  await page.screenshot({ path: `${out}mock-${lang}-4-history.png` });
  await page.click('[data-testid=tab-details]');
  await page.click('[data-testid=edit-button]');
  await page.waitForSelector('[data-testid=edit-form]');
  await page.screenshot({ path: `${out}mock-${lang}-5-edit.png`, fullPage: true });
  await page.click('[data-testid=nav-audit]');
  await page.click('[data-testid=verify-chain]');
  await page.waitForSelector('[data-testid=verify-result]');
  await page.screenshot({ path: `${out}mock-${lang}-6-audit.png` });
  await page.click('[data-testid=logout]');
}
await browser.close();
console.log('screenshots in', out);
