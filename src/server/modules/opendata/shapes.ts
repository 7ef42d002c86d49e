/**
 * The shapes the open formats must have, written into the repo from the standards' own texts (never fetched at run
 * time): the SDMX-JSON 2.0 data message field guide (sdmx-twg/sdmx-json, data-message/docs) and the DCAT-AP 3
 * mandatory and recommended properties of Catalogue, Dataset and Distribution (the SEMIC SHACL shapes' sh:minCount 1
 * properties), and the CSVW metadata vocabulary (W3C). Tests parse every produced document with them.
 */
import { z } from 'zod';

// ---- SDMX-JSON 2.0 data message
const localised = z.record(z.string().regex(/^[a-z]{2}(-[A-Za-z]{2})?$/), z.string());
const componentValue = z.object({ id: z.string().min(1), name: z.string().optional(), names: localised.optional() }).passthrough();
const dimension = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  names: localised.optional(),
  keyPosition: z.number().int().min(0),
  roles: z.array(z.string()).optional(),
  values: z.array(componentValue),
}).passthrough();
const attribute = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  names: localised.optional(),
  // An attribute's relationship is mandatory and a dimension's keyPosition is not supplied for it.
  relationship: z.union([
    z.object({ dataflow: z.object({}) }).strict(),
    z.object({ dimensions: z.array(z.string()).min(1) }).passthrough(),
    z.object({ observation: z.object({}) }).strict(),
    z.object({ group: z.string() }).strict(),
  ]),
  keyPosition: z.never().optional(),
  values: z.array(componentValue),
}).passthrough();
const levels = <T extends z.ZodTypeAny>(c: T) => z.object({ dataSet: z.array(c).optional(), series: z.array(c).optional(), observation: z.array(c).optional() }).strict();

export const sdmxJsonDataMessage = z.object({
  meta: z.object({
    schema: z.string().url().optional(),
    id: z.string().min(1),
    test: z.boolean().optional(),
    prepared: z.iso.datetime({ offset: true }),
    contentLanguages: z.array(z.string()).min(1).optional(),
    sender: z.object({ id: z.string().min(1), name: z.string().nullable().optional(), names: localised.optional() }).passthrough(),
  }).passthrough(),
  data: z.object({
    structures: z.array(z.object({
      links: z.array(z.object({ rel: z.string(), urn: z.string().optional(), href: z.string().optional() }).passthrough()).optional(),
      dimensions: levels(dimension),
      measures: z.object({ observation: z.array(z.object({ id: z.string() }).passthrough()).min(1) }).passthrough().optional(),
      attributes: levels(attribute).optional(),
      annotations: z.array(z.object({}).passthrough()).optional(),
      dataSets: z.array(z.number().int().min(0)).optional(),
    }).passthrough()).min(1),
    dataSets: z.array(z.object({
      structure: z.number().int().min(0),
      action: z.enum(['Information', 'Append', 'Replace', 'Delete']),
      attributes: z.array(z.number().int().nullable()).optional(),
      // Keys are the positions of the observation-level dimension values, joined by ':'.
      observations: z.record(z.string().regex(/^\d+(:\d+)*$/), z.array(z.union([z.number(), z.string(), z.null()])).min(1)).optional(),
    }).passthrough()),
  }).passthrough(),
  errors: z.never().optional(),
}).passthrough();

// ---- DCAT-AP 3 (JSON-LD with the dcat/dct/foaf prefixes)
const langString = z.array(z.object({ '@value': z.string().min(1), '@language': z.string().min(2) })).min(1);
const iri = z.object({ '@id': z.string().url() }).passthrough();
const agent = z.object({ '@type': z.literal('foaf:Agent'), 'foaf:name': langString }).passthrough();
const typedDate = z.object({ '@value': z.string().min(4), '@type': z.enum(['xsd:date', 'xsd:dateTime']) });
export const dcatDistribution = z.object({
  '@type': z.literal('dcat:Distribution'),
  'dcat:accessURL': iri,
  'dcat:downloadURL': iri.optional(),
  'dcat:mediaType': iri.optional(),
  'dct:format': iri.optional(),
  'dct:license': iri.optional(),
}).passthrough();
export const dcatDataset = z.object({
  '@id': z.string().url(),
  '@type': z.literal('dcat:Dataset'),
  'dct:title': langString,
  'dct:description': langString,
  'dct:publisher': agent.optional(),
  'dcat:keyword': z.array(z.object({ '@value': z.string() }).passthrough()).optional(),
  'dct:temporal': z.object({ '@type': z.literal('dct:PeriodOfTime'), 'dcat:startDate': typedDate.optional(), 'dcat:endDate': typedDate.optional() }).passthrough().optional(),
  'dct:spatial': iri.optional(),
  'dct:accrualPeriodicity': iri.optional(),
  'dcat:distribution': z.array(dcatDistribution).optional(),
}).passthrough();
export const dcatCatalog = z.object({
  '@context': z.object({ dcat: z.literal('http://www.w3.org/ns/dcat#'), dct: z.literal('http://purl.org/dc/terms/'), foaf: z.literal('http://xmlns.com/foaf/0.1/') }).passthrough(),
  '@type': z.literal('dcat:Catalog'),
  'dct:title': langString,
  'dct:description': langString,
  'dct:publisher': agent,
  'dcat:dataset': z.array(dcatDataset),
}).passthrough();

// ---- CSVW metadata
export const csvwMetadata = z.object({
  '@context': z.union([z.literal('http://www.w3.org/ns/csvw'), z.tuple([z.literal('http://www.w3.org/ns/csvw'), z.object({}).passthrough()])]),
  url: z.string().min(1),
  tableSchema: z.object({
    columns: z.array(z.object({ name: z.string().regex(/^[A-Za-z0-9_]+$/), titles: z.unknown().optional(), datatype: z.string().optional(), required: z.boolean().optional() }).passthrough()).min(1),
    primaryKey: z.union([z.string(), z.array(z.string())]).optional(),
  }).passthrough(),
}).passthrough();
