import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/app-config.js';
import { TEST_JWT_SECRET, TestDatabase } from './harness.js';

/**
 * How the API serves the built SPA (bootstrap.ts serveSpa), on a web root laid out as the web build
 * writes it: hashed assets with their .br/.gz beside them, index.html, robots.txt, a stray source map.
 */
const INDEX = '<!doctype html><html lang="fr"><head><title>SIDH</title><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

/** The size of a file of the web root: the Content-Length of a response that sent it as is. */
const sizeOf = (root: string, name: string) => String(statSync(path.join(root, name)).size);

describe('serving the web application', () => {
  let webRoot: string;
  let database: TestDatabase;
  let app: NestExpressApplication;
  let http: ReturnType<NestExpressApplication['getHttpServer']>;

  beforeAll(async () => {
    webRoot = mkdtempSync(path.join(tmpdir(), 'sidh-web-root-'));
    mkdirSync(path.join(webRoot, 'assets'));
    const write = (name: string, content: string, compressed = true) => {
      writeFileSync(path.join(webRoot, name), content);
      if (!compressed) return;
      writeFileSync(path.join(webRoot, `${name}.br`), brotliCompressSync(content));
      writeFileSync(path.join(webRoot, `${name}.gz`), gzipSync(content));
    };
    write('index.html', INDEX);
    write('assets/index-AbC123.js', SCRIPT);
    write('assets/index-AbC123.js.map', '{"version":3,"sources":["secret.ts"]}', false);
    write('assets/font-Xy9.woff2', 'wOF2', false);
    write('robots.txt', 'User-agent: *\nDisallow: /\n', false);
    database = await TestDatabase.create();
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent', DEMO_SEED: 'false' });
    app = await createApp({ config, databaseUrl: database.url, poolSize: database.poolSize, embedded: database.engine === 'embedded', bufferLogs: false, webRoot });
    await app.init();
    http = app.getHttpServer();
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves a hashed script as Brotli when accepted, cached for a year and immutable', async () => {
    // supertest decodes the body by its Content-Encoding: the text proves the encoding is the right one.
    const res = await request(http).get('/assets/index-AbC123.js').set('Accept-Encoding', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-length']).toBe(sizeOf(webRoot, 'assets/index-AbC123.js.br'));
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toMatch(/Accept-Encoding/);
    expect(res.text).toBe(SCRIPT);
  });

  it('serves gzip to a client without Brotli, and the file as is to one accepting neither', async () => {
    const gz = await request(http).get('/assets/index-AbC123.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-length']).toBe(sizeOf(webRoot, 'assets/index-AbC123.js.gz'));
    expect(gz.text).toBe(SCRIPT);
    const plain = await request(http).get('/assets/index-AbC123.js').set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(SCRIPT);
  });

  it('never serves a source map, even one left in the web root', async () => {
    const res = await request(http).get('/assets/index-AbC123.js.map');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('secret.ts');
    expect((await request(http).get('/anything.map')).status).toBe(404);
  });

  it('answers robots.txt as text, not the HTML page', async () => {
    const res = await request(http).get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('User-agent: *\nDisallow: /\n');
  });

  it('answers 404 (not index.html) for a file that does not exist', async () => {
    for (const url of ['/foo.js', '/assets/missing-123.js', '/x.map', '/favicon.ico', '/assets/style.css']) {
      const res = await request(http).get(url);
      expect({ url, status: res.status, html: res.text.includes('<div id="root">') }).toEqual({ url, status: 404, html: false });
    }
  });

  it('serves index.html, revalidated each time and compressed, for the client-side routes', async () => {
    for (const url of ['/', '/login', '/recommendations', '/recommendations/3f0c7c1e-8a55-4b4e-9d5e-2f6f3c1f0a11', '/campaigns/new?x=1']) {
      const res = await request(http).get(url).set('Accept-Encoding', 'gzip, deflate, br');
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-length']).toBe(sizeOf(webRoot, 'index.html.br'));
      expect(res.text).toBe(INDEX);
    }
    const plain = await request(http).get('/login').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(INDEX);
  });

  it('keeps the API answering JSON, never the HTML page', async () => {
    const res = await request(http).get('/api/v1/no-such-route');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('serves fonts (already compressed) as they are, cached immutable', async () => {
    const res = await request(http).get('/assets/font-Xy9.woff2').set('Accept-Encoding', 'gzip, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
