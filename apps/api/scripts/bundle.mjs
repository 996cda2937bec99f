// Bundles the server's entry (dist/apps/api/main.js, as tsc wrote it) in place: start-up cost is
// mostly Node's module loader (about 2,700 files for the application, Nest, TypeORM, rxjs,
// class-validator…), and one file per part loads several times faster. ADR 17.
//
// - `main.js` is the entry and `server-modules.js` (what main.ts imports once the embedded database
//   is starting) its dynamic import: esbuild splits them into main.js + chunks, and the modules
//   both use (the configuration, the embedded database's registry) live in one shared chunk, so
//   there is one instance of each.
// - Every other file of dist/apps/api stays as tsc wrote it: the worker scripts, the CLIs and the
//   benchmarks run unbundled. `import.meta.url` in a bundled file is replaced by its own file's URL,
//   so `new URL('./x.worker.js', import.meta.url)` still names the worker beside it.
// - Packages with files or state of their own (PGlite's WebAssembly, argon2's binary, Swagger UI's
//   assets) and those loaded on first use only stay outside, loaded from node_modules.
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';

const API = path.resolve('dist/apps/api');

/** Not bundled: native or WebAssembly files, assets read from their folder, optional peers, or loaded on first use. */
export const EXTERNAL = [
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  '@electric-sql/pglite-socket',
  'argon2',
  'pg-native',
  'swagger-ui-dist',
  'swagger-ui-dist/*',
  'class-transformer/storage',
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@fastify/*',
  // Loaded on first use (an export, a report, an inbound mail, the development mail server):
  'exceljs',
  'mailparser',
  'smtp-server',
  'docx',
];

/** Gives each bundled application file its own `import.meta.url`, as if it still ran from its file. */
const ownModuleUrl = {
  name: 'own-module-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]apps[\\/]api[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const own = './' + path.relative(API, args.path).split(path.sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * Packages written as ES modules that `require()` others through `createRequire(import.meta.url)`
 * (@nestjs/typeorm for TypeORM, @nestjs/mapped-types for class-transformer's metadata storage and
 * class-validator): esbuild cannot see those calls (evanw/esbuild#1828), so at run time they would load
 * a second, unbundled copy from node_modules — a whole TypeORM at start-up, and a class-transformer
 * storage without the DTOs' decorators (the query DTOs built with IntersectionType lost their
 * conversions). Removing the `createRequire` line lets esbuild bundle what they require: one instance.
 */
const visibleRequires = {
  name: 'visible-requires',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const line = /^const require = createRequire\(import\.meta\.url\);$/m;
      if (!line.test(text)) return undefined;
      return { contents: text.replace(line, ''), loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

export async function bundleServer() {
  const result = await build({
    absWorkingDir: path.resolve('.'),
    entryPoints: { main: path.join(API, 'main.js') },
    outdir: API,
    bundle: true,
    splitting: true,
    chunkNames: 'main-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Nest and TypeORM read class names (providers, entities, log contexts).
    keepNames: true,
    external: EXTERNAL,
    // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __sidhRequire } from 'node:module';\nconst require = __sidhRequire(import.meta.url);" },
    plugins: [ownModuleUrl, visibleRequires],
    write: false,
    logLevel: 'warning',
  });
  // A package the bundle also holds must not be loaded again at run time (a second instance).
  const external = (spec) => EXTERNAL.some((e) => (e.endsWith('/*') ? spec.startsWith(e.slice(0, -1)) : spec === e || spec.startsWith(`${e}/`)));
  const escaped = new Set();
  for (const file of result.outputFiles) {
    for (const [, spec] of file.text.matchAll(/\brequire\d*\("([^"]+)"\)/g)) if (!isBuiltin(spec) && !external(spec)) escaped.add(spec);
  }
  if (escaped.size) throw new Error(`bundle.mjs: the bundle requires at run time packages it does not list as EXTERNAL (a second copy would load): ${[...escaped].join(', ')}`);
  // Written only now: main.js is an input as well as the entry's output.
  await rm(path.join(API, 'main.js.map'), { force: true });
  for (const file of result.outputFiles) await writeFile(file.path, file.contents);
  return result.outputFiles.map((f) => path.relative(API, f.path));
}
