// Regenerates test/sandbox/paylocity/weblink-spec-schemas.json: the response schemas of the WebLink
// operations the Paylocity sandbox serves, taken from the vendor spec copy, which lives outside the
// repository (CI runs on a clean clone, so the test reads the committed extract, never the spec).
//
//   node scripts/extract-paylocity-schemas.mjs [path/to/paylocity-weblink-openapi.yaml]
//
// Default spec path: $MLC_PAYLOCITY_SPEC, else ../shared/apis/specs/paylocity-weblink-openapi.yaml
// beside the checkout. Without the spec the script says so and leaves the committed file alone.
//
// Normalisation (the spec copy is konfig's, which lost most property types): a `type: object` with no
// properties, items or additionalProperties is konfig's placeholder for an untyped field (a name,
// an amount, a date), so it becomes `{}` (anything). Every other type is kept. `$ref`s are inlined;
// descriptions, examples, `x-…` keys and the unknown `paylocity-date` format are dropped.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yaml from 'js-yaml';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const specPath = resolve(process.argv[2] ?? process.env.MLC_PAYLOCITY_SPEC ?? join(root, '..', 'shared', 'apis', 'specs', 'paylocity-weblink-openapi.yaml'));
const outPath = join(root, 'test', 'sandbox', 'paylocity', 'weblink-spec-schemas.json');

/** The operations sandbox/paylocity serves (method, path as in the spec, relative to /api). */
const SERVED = [
  ['get', '/v2/companies/{companyId}/employees'],
  ['post', '/v2/companies/{companyId}/employees'],
  ['get', '/v2/companies/{companyId}/employees/{employeeId}'],
  ['patch', '/v2/companies/{companyId}/employees/{employeeId}'],
  ['get', '/v2/companies/{companyId}/employees/{employeeId}/paystatement/summary/{year}'],
  ['get', '/v2/companies/{companyId}/employees/{employeeId}/paystatement/summary/{year}/{checkDate}'],
  ['get', '/v2/companies/{companyId}/employees/{employeeId}/paystatement/details/{year}'],
  ['get', '/v2/companies/{companyId}/employees/{employeeId}/paystatement/details/{year}/{checkDate}'],
  ['get', '/v2/companies/{companyId}/codes/{codeResource}'],
  ['get', '/v2/companies/{companyId}/customfields/{category}'],
];

if (!existsSync(specPath)) {
  console.log(`extract-paylocity-schemas: no spec at ${specPath}; ${outPath} left as committed`);
  process.exit(0);
}

const spec = yaml.load(readFileSync(specPath, 'utf8'));
const components = spec.components?.schemas ?? {};

function resolveRef(ref) {
  const name = ref.replace('#/components/schemas/', '');
  const target = components[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return target;
}

function normalise(schema, seen = []) {
  if (schema === null || typeof schema !== 'object') return schema;
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) throw new Error(`recursive ${schema.$ref}`);
    return normalise(resolveRef(schema.$ref), [...seen, schema.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' || key === 'example' || key.startsWith('x-')) continue;
    if (key === 'format' && value === 'paylocity-date') continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, normalise(property, seen)]));
    else if (key === 'items') out.items = normalise(value, seen);
    else if (key === 'additionalProperties' && typeof value === 'object') out.additionalProperties = normalise(value, seen);
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') out[key] = value.map((part) => normalise(part, seen));
    else out[key] = value;
  }
  const placeholder = out.type === 'object' && !out.properties && !out.additionalProperties && !out.allOf && !out.anyOf && !out.oneOf;
  if (placeholder) {
    delete out.type;
  }
  return out;
}

const operations = {};
for (const [method, path] of SERVED) {
  const operation = spec.paths?.[path]?.[method];
  if (!operation) throw new Error(`the spec has no ${method.toUpperCase()} ${path}`);
  const responses = {};
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const schema = response.content?.['application/json']?.schema;
    // null: the spec documents the answer with no body (`content: {}`).
    responses[status] = schema ? normalise(schema) : null;
  }
  operations[`${method.toUpperCase()} ${path}`] = { operationId: operation.operationId, responses };
}

const document = {
  source: 'paylocity-weblink-openapi.yaml (konfig-sdks/paylocity-java-sdk copy of the WebLink v2 spec)',
  generatedBy: 'node scripts/extract-paylocity-schemas.mjs',
  note: 'Response schemas per operation and status; null = no body. Untyped konfig placeholders (type object without properties) are {}.',
  operations,
};
writeFileSync(outPath, `${JSON.stringify(document, null, 2)}\n`);
console.log(`extract-paylocity-schemas: ${Object.keys(operations).length} operations written to ${outPath}`);
