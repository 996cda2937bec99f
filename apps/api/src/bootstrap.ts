import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { json, type NextFunction, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { ErrorResponseDto, StaleErrorResponseDto } from './common/error-response.dto.js';
import { ResourceHeadersAdapter } from './common/resource-headers.interceptor.js';
import { createRootLogger, PinoNestLogger, requestLogging } from './common/logging.js';
import { createValidationPipe } from './common/validation.js';

export const API_PREFIX = 'api/v1';

/**
 * The JSON body limit of the report routes (create, edit, edit a section): a section may hold
 * SECTION_BODY_MAX (200,000) characters, ~400 kB of Arabic in UTF-8 and up to 1.2 MB if a client
 * escapes every character (`\uXXXX`), which the global JSON_BODY_LIMIT_BYTES would refuse (413)
 * before the DTO's own cap names the field. Larger bodies are still 413.
 */
export const REPORT_JSON_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface CreateAppOptions extends AppModuleOptions {
  /** Folder of the built SPA; served at `/` when it exists. */
  webRoot?: string;
  bufferLogs?: boolean;
}

export function buildOpenApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('SIDH API')
    .setDescription('Follow-up of UN human-rights recommendations: catalogue, institutions, audit trail.')
    .setVersion('1')
    .addBearerAuth()
    .addServer('/', 'This server')
    .setLicense('AGPL-3.0-or-later', 'https://www.gnu.org/licenses/agpl-3.0.html')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    extraModels: [ErrorResponseDto, StaleErrorResponseDto],
  });
  return normaliseOpenApi(document);
}

/**
 * What Nest's generator leaves that other tools reject: public operations get an explicit empty
 * `security` (the guard denies any route that declares neither), and a `$ref` with siblings
 * (a description, `nullable`) is wrapped in `allOf`, where OpenAPI 3.0 keeps the siblings.
 */
export function normaliseOpenApi(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.security) operation.security = [];
      // Response headers declared with a description only (ETag, Location) are strings.
      for (const response of Object.values(operation.responses ?? {})) {
        for (const header of Object.values((response as { headers?: Record<string, { schema?: unknown; content?: unknown }> }).headers ?? {})) {
          if (!header.schema && !header.content) header.schema = { type: 'string' };
        }
      }
    }
  }
  const wrap = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(wrap);
    if (typeof node !== 'object' || node === null) return node;
    const entries = Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, wrap(v)] as const);
    const object = Object.fromEntries(entries) as Record<string, unknown>;
    if (typeof object['$ref'] === 'string' && Object.keys(object).length > 1) {
      const { $ref, ...siblings } = object;
      return { allOf: [{ $ref }], ...siblings };
    }
    return object;
  };
  return wrap(document) as OpenAPIObject;
}

/** Builds the Nest application with every cross-cutting setting; `main.ts` and the tests share it. */
export async function createApp(options: CreateAppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  // The adapter sets a versioned result's ETag (common/resource-headers.interceptor.ts).
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), new ResourceHeadersAdapter(), {
    bodyParser: false,
    bufferLogs: options.bufferLogs ?? true,
    ...(config.LOG_LEVEL === 'silent' ? { logger: false } : {}),
  });
  const logging = { level: config.LOG_LEVEL, autoLogging: config.NODE_ENV !== 'test' };
  const rootLogger = createRootLogger(logging);
  if (config.LOG_LEVEL !== 'silent') app.useLogger(new PinoNestLogger(rootLogger));
  // First, so that every request — even one a later middleware refuses — has an id (audit events
  // carry it, also when logging is silent) and a log line.
  app.use(requestLogging(rootLogger, logging));
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  // Version ETags are set by the resources themselves; Express's body-hash ETags would blur them.
  app.set('etag', false);
  // Security headers first, so that even a request refused by the body parser carries them.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Before the global parser, which skips a body already parsed.
  app.use(`/${API_PREFIX}/reports`, json({ limit: Math.max(REPORT_JSON_BODY_LIMIT_BYTES, config.JSON_BODY_LIMIT_BYTES), strict: true }));
  app.useBodyParser('json', { limit: config.JSON_BODY_LIMIT_BYTES, strict: true });
  // Only the sign-in routes read a cookie (the refresh token's, scoped to them): no other request parses one.
  app.use(`/${API_PREFIX}/auth`, cookieParser());
  const allowedOrigins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  app.enableCors({ origin: allowedOrigins, credentials: allowedOrigins.length > 0 });
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  if (config.NODE_ENV !== 'production') {
    SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  }
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    if (req.originalUrl.startsWith(`/${API_PREFIX}/`) || req.originalUrl.startsWith('/api/docs')) return next();
    // Unknown API versions or paths answer like any unknown route: JSON, never HTML.
    res.status(404).type('application/json; charset=utf-8').send(JSON.stringify({ status: 404, code: 'route.not_found', message: 'No such route', requestId: null }));
  });
  if (options.webRoot && existsSync(path.join(options.webRoot, 'index.html'))) serveSpa(app, options.webRoot);
  app.enableShutdownHooks();
  return app;
}

/** A file name with an extension (`/x.js`, `/robots.txt`): never a client-side route of the SPA. */
const FILE_LIKE = /\/[^/]*\.[^/]*$/;

/** Whether the client accepts `encoding` (listed without `q=0`). */
function acceptsEncoding(req: Request, encoding: string): boolean {
  return (req.headers['accept-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .some(([name, ...params]) => name?.trim() === encoding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)));
}

/**
 * The built SPA: its files as built (Brotli or gzip files written by the web build, chosen by
 * Accept-Encoding; hashed files under /assets cached for a year, immutable), index.html (revalidated
 * each time) for every other non-API GET that names no file (client-side routes), and 404 for any
 * other file — a source map (never published), an unknown script — so a missing file is never
 * answered with the HTML page.
 */
function serveSpa(app: NestExpressApplication, webRoot: string): void {
  const root = path.resolve(webRoot);
  const notFound = (res: Response) => res.status(404).type('text/plain; charset=utf-8').setHeader('Cache-Control', 'no-store').send('Not found');
  const files = expressStaticGzip(root, {
    enableBrotli: true,
    orderPreference: ['br', 'gz'],
    index: false,
    serveStatic: {
      index: false,
      redirect: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (path.relative(root, file).startsWith(`assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        // boot.js names the current build's chunks (apps/web/vite.config.ts routeChunks): revalidated.
        else if (path.relative(root, file) === 'boot.js') res.setHeader('Cache-Control', 'no-cache');
      },
    },
  });
  const index = path.join(root, 'index.html');
  const indexVariants = [
    { encoding: 'br', file: `${index}.br` },
    { encoding: 'gzip', file: `${index}.gz` },
  ].filter((v) => existsSync(v.file));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api')) return next();
    if (/\.map$/i.test(req.path)) return notFound(res);
    if (FILE_LIKE.test(req.path)) return files(req, res, () => notFound(res));
    const variant = indexVariants.find((v) => acceptsEncoding(req, v.encoding));
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    res.type('html');
    if (variant) res.setHeader('Content-Encoding', variant.encoding);
    res.sendFile(variant?.file ?? index);
  });
}
