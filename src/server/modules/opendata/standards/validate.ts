/**
 * Validation of the open formats against the standards' own schema and shape files, kept in this folder (README.md
 * says where each comes from): the SDMX-JSON 2.1.0 data and structure message JSON schemas (draft 2019-09, checked
 * with Ajv and ajv-formats) and the DCAT-AP 3.0.0 SHACL shapes (checked with rdf-validate-shacl over the JSON-LD
 * turned into RDF by jsonld). Everything is read from disk: no network, ever — a JSON-LD document that names a
 * remote context is refused rather than fetched. Used by the tests; nothing at run time depends on it.
 */
import { readFileSync } from 'node:fs';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

const here = (name: string) => new URL(name, import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

let ajv: Ajv2019 | null = null;
const compiled = new Map<string, ValidateFunction>();

function schemaValidator(file: 'sdmx-json-data-schema.json' | 'sdmx-json-structure-schema.json'): ValidateFunction {
  let fn = compiled.get(file);
  if (fn) return fn;
  // allErrors: every violation is reported, not only the first. Strict about unknown keywords and formats; not about
  // the schemas' own style (they list under "required" some properties defined only in a sibling branch of anyOf,
  // which is legal JSON Schema that Ajv's strictRequired flags).
  ajv ??= addFormats(new Ajv2019({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, strictTuples: false }));
  fn = ajv.compile(JSON.parse(readFileSync(here(file), 'utf8')) as object);
  compiled.set(file, fn);
  return fn;
}

export interface Violation {
  where: string;
  message: string;
}

const ajvViolations = (errors: ErrorObject[] | null | undefined): Violation[] =>
  (errors ?? []).map((e) => ({
    where: e.instancePath || '/',
    message: `${e.message ?? e.keyword} (${e.schemaPath}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''})`,
  }));

/** Violations of the SDMX-JSON 2.1.0 data message schema ([] when the message is valid). */
export function sdmxDataViolations(message: unknown): Violation[] {
  const validate = schemaValidator('sdmx-json-data-schema.json');
  return validate(message) ? [] : ajvViolations(validate.errors);
}

/** Violations of the SDMX-JSON 2.1.0 structure message schema ([] when the message is valid). */
export function sdmxStructureViolations(message: unknown): Violation[] {
  const validate = schemaValidator('sdmx-json-structure-schema.json');
  return validate(message) ? [] : ajvViolations(validate.errors);
}

let shapes: Store | null = null;

function parseInto(store: Store, text: string, format: string): void {
  store.addQuads(new Parser({ format }).parse(text));
}

/** Turns a JSON-LD document into RDF, offline: any remote context or document is refused, never fetched. */
export async function jsonLdToRdf(document: object): Promise<Store> {
  const documentLoader = async (url: string): Promise<never> => {
    throw new Error(`the JSON-LD document names '${url}': remote documents are not loaded`);
  };
  const nquads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, { format: 'application/n-quads', documentLoader: documentLoader as never, safe: true } as never)) as unknown as string;
  const store = new Store();
  parseInto(store, nquads, 'application/n-quads');
  return store;
}

/** Violations of the DCAT-AP 3.0.0 SHACL shapes by a JSON-LD document ([] when it conforms). */
export async function dcatApViolations(document: object): Promise<Violation[]> {
  if (!shapes) {
    shapes = new Store();
    parseInto(shapes, readFileSync(here('dcat-ap-SHACL.ttl'), 'utf8'), 'text/turtle');
  }
  const data = await jsonLdToRdf(document);
  const report = await new SHACLValidator(shapes).validate(data);
  return report.results.map((r) => ({
    where: `${r.focusNode?.value ?? '?'} ${r.path?.value ?? ''}`.trim(),
    message: `${r.message.map((m) => m.value).join('; ') || r.sourceConstraintComponent?.value} [${r.sourceShape?.value ?? ''}]${r.value ? ` value ${r.value.value}` : ''}`,
  }));
}

/** The violations as lines a failing test prints. */
export const describeViolations = (violations: readonly Violation[], max = 20): string =>
  violations
    .slice(0, max)
    .map((v) => `${v.where}: ${v.message}`)
    .join('\n') + (violations.length > max ? `\n… and ${violations.length - max} more` : '');
