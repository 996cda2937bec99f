import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLogo, LOGO_MAX_BYTES } from './logo-check.js';

const LOGOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/logos');
const svg = (body: string) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`);

describe('checkLogo', () => {
  it('accepts the plain PNG and SVG fixtures, typed by their content', () => {
    expect(checkLogo(readFileSync(path.join(LOGOS, 'ok/logo.png')))).toEqual({ ok: true, mediaType: 'image/png', width: 64, height: 64 });
    expect(checkLogo(readFileSync(path.join(LOGOS, 'ok/logo.svg')))).toEqual({ ok: true, mediaType: 'image/svg+xml', width: null, height: null });
  });

  it.each(readdirSync(path.join(LOGOS, 'not-ok')))('refuses the hostile fixture %s', (file) => {
    expect(checkLogo(readFileSync(path.join(LOGOS, 'not-ok', file))).ok).toBe(false);
  });

  it.each([
    ['a script', '<script>alert(1)</script>', 'svg_active_content'],
    ['an upper-case script', '<SCRIPT >alert(1)</SCRIPT>', 'svg_active_content'],
    ['an event handler', '<rect onclick="x()"/>', 'svg_active_content'],
    ['an external image', '<image href="https://x.example/a.png"/>', 'svg_active_content'],
    ['a data URL', '<image href="data:image/png;base64,AAAA"/>', 'svg_active_content'],
    ['an external CSS url()', '<rect style="fill:url(https://x.example/p)"/>', 'svg_active_content'],
    ['a set element', '<set attributeName="href" to="javascript:alert(1)"/>', 'svg_active_content'],
  ])('refuses an SVG with %s', (_name, body, reason) => {
    expect(checkLogo(svg(body))).toEqual({ ok: false, reason });
  });

  it('accepts references to the document’s own fragments', () => {
    expect(checkLogo(svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use href="#g"/>')).ok).toBe(true);
  });

  it('refuses empty, oversized, non-UTF-8, non-SVG XML and truncated SVG files', () => {
    expect(checkLogo(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
    expect(checkLogo(Buffer.alloc(LOGO_MAX_BYTES + 1, 0x20))).toEqual({ ok: false, reason: 'too_large' });
    expect(checkLogo(Buffer.from([0xff, 0xfe, 0x3c, 0x00]))).toEqual({ ok: false, reason: 'unsupported_type' });
    expect(checkLogo(Buffer.from('<html><body/></html>'))).toEqual({ ok: false, reason: 'unsupported_type' });
    expect(checkLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect/>'))).toEqual({ ok: false, reason: 'svg_invalid' });
  });
});
