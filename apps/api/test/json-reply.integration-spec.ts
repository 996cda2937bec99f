import request from 'supertest';
import { DEMO, signedInApp } from './harness.js';

/**
 * How a handler's JSON result is written (ResourceHeadersAdapter, then express's `res.json`): its type
 * and exact length in bytes, a versioned resource's ETag, 304 on a matching `If-None-Match`, no body
 * for HEAD, a creation's 201.
 */
describe("a handler's JSON result", () => {
  const app = signedInApp(DEMO.coordinator);

  it('has the JSON content type and its exact length in bytes', async () => {
    const res = await request(app.ctx.http).get('/api/v1/recommendations/facets').set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(1000);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.body).toEqual(JSON.parse(res.text));
  });

  it('keeps Arabic text intact (the length counts bytes, not characters)', async () => {
    const res = await request(app.ctx.http).get('/api/v1/recommendations').query({ q: 'التعذيب', pageSize: '5' }).set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/[\u0600-\u06FF]/);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(Buffer.byteLength(res.text)).toBeGreaterThan(res.text.length);
  });

  it("carries a versioned resource's ETag, and a matching If-None-Match is answered 304 without a body", async () => {
    const list = await request(app.ctx.http).get('/api/v1/recommendations').query({ pageSize: '1' }).set('Authorization', `Bearer ${app.token}`);
    const id = list.body.items[0].id as string;
    const first = await request(app.ctx.http).get(`/api/v1/recommendations/${id}`).set('Authorization', `Bearer ${app.token}`);
    expect(first.status).toBe(200);
    expect(first.headers['etag']).toBe(`"${first.body.version}"`);
    const again = await request(app.ctx.http).get(`/api/v1/recommendations/${id}`).set('Authorization', `Bearer ${app.token}`).set('If-None-Match', first.headers['etag']!);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const other = await request(app.ctx.http).get(`/api/v1/recommendations/${id}`).set('Authorization', `Bearer ${app.token}`).set('If-None-Match', '"0"');
    expect(other.status).toBe(200);
    expect(other.body.id).toBe(id);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await request(app.ctx.http).head('/api/v1/recommendations/facets').set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text ?? '').toBe('');
  });

  it("writes a creation's status and body (201)", async () => {
    const admin = await app.ctx.login(DEMO.admin);
    const res = await request(app.ctx.http)
      .post('/api/v1/reference/themes')
      .set('Authorization', `Bearer ${admin}`)
      .send({ code: 'json-reply', nameAr: 'موضوع', nameFr: 'Thème', nameEn: 'Theme' });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
    expect(res.body).toEqual({ code: 'json-reply', nameAr: 'موضوع', nameFr: 'Thème', nameEn: 'Theme', active: true, version: 1 });
  });
});
