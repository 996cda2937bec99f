/**
 * Typed client of the SIDH API. `schema.ts` is generated from the API's OpenAPI document by
 * `npm run api:client` and never edited by hand; CI fails if regenerating changes it.
 */
import createClient, { type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths } from './schema.js';
export type Schemas = components['schemas'];

export type SidhClient = ReturnType<typeof createClient<paths>>;

export function createSidhClient(options: ClientOptions = {}, ...middleware: Middleware[]): SidhClient {
  const client = createClient<paths>({ baseUrl: '', ...options });
  for (const m of middleware) client.use(m);
  return client;
}
