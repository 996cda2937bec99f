// Checks that an OpenAPI document only adds to a previous one: every operation, operationId,
// response code, parameter, schema, property (with its type) and optional-ness is still there.
// Usage: node apps/api/tools/openapi-additive-check.mjs <old.json> <new.json>
import { readFileSync } from 'node:fs';

const [oldFile, newFile] = process.argv.slice(2);
if (!oldFile || !newFile) {
  process.stderr.write('usage: openapi-additive-check.mjs <old.json> <new.json>\n');
  process.exit(2);
}
const o = JSON.parse(readFileSync(oldFile, 'utf8'));
const n = JSON.parse(readFileSync(newFile, 'utf8'));
const problems = [];
for (const [path, item] of Object.entries(o.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const nop = n.paths[path]?.[method];
    if (!nop) { problems.push(`operation removed: ${method.toUpperCase()} ${path}`); continue; }
    if (nop.operationId !== op.operationId) problems.push(`operationId changed: ${op.operationId} → ${nop.operationId}`);
    for (const code of Object.keys(op.responses ?? {})) if (!nop.responses?.[code]) problems.push(`response removed: ${method.toUpperCase()} ${path} ${code}`);
    for (const p of op.parameters ?? []) if (!(nop.parameters ?? []).some((q) => q.name === p.name && q.in === p.in)) problems.push(`parameter removed: ${method.toUpperCase()} ${path} ${p.in}:${p.name}`);
    for (const q of nop.parameters ?? []) if (q.required && !(op.parameters ?? []).some((p) => p.name === q.name && p.in === q.in)) problems.push(`new required parameter: ${method.toUpperCase()} ${path} ${q.in}:${q.name}`);
  }
}
// A `$ref` wrapped in a one-element allOf (to carry siblings) is the same type.
const unwrap = (s) => (s?.allOf?.length === 1 ? { ...s.allOf[0], ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'allOf')) } : s);
for (const [name, schema] of Object.entries(o.components?.schemas ?? {})) {
  const ns = n.components?.schemas?.[name];
  if (!ns) { problems.push(`schema removed: ${name}`); continue; }
  for (const [prop, def] of Object.entries(schema.properties ?? {})) {
    const nd = ns.properties?.[prop];
    if (!nd) { problems.push(`property removed: ${name}.${prop}`); continue; }
    const a = unwrap(def), b = unwrap(nd);
    if ((a.type ?? a.$ref) !== (b.type ?? b.$ref)) problems.push(`type changed: ${name}.${prop} ${a.type ?? a.$ref} → ${b.type ?? b.$ref}`);
  }
  for (const r of ns.required ?? []) if (schema.properties?.[r] && !(schema.required ?? []).includes(r)) problems.push(`newly required: ${name}.${r}`);
  for (const r of schema.required ?? []) if (!(ns.required ?? []).includes(r)) problems.push(`no longer required: ${name}.${r}`);
}
if (problems.length) {
  process.stdout.write(`${problems.length} non-additive change(s):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`only additions: ${Object.keys(o.paths).length} → ${Object.keys(n.paths).length} paths, ${Object.keys(o.components?.schemas ?? {}).length} → ${Object.keys(n.components?.schemas ?? {}).length} schemas\n`);
