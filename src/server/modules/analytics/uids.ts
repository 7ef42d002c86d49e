/**
 * DHIS2 UIDs in analytics. DHIS2 clients name data (indicators, data elements, `element.option`) and org units by
 * their UIDs (migration 0114), and read the answer in UIDs (`outputIdScheme`, DHIS2's default UID). The product
 * computes with codes: a request's UIDs are turned into codes before it is answered, and the answer's codes into
 * UIDs after (never changing a kept answer: a renamed copy is returned).
 */
import type { Db } from '../../db/db.ts';
import type { AnalyticsResponse } from './service.ts';

const UID = /^[A-Za-z][A-Za-z0-9]{10}$/;
/** DHIS2's UID of its default category option combo: the disaggregation of a value that has none. */
const DEFAULT_COMBO_UID = 'HllvX50cXC0';

/** The codes of the UIDs among these refs (a ref that is a code stays a code). */
async function codesOfUids(db: Db, refs: readonly string[]): Promise<{ dx: Map<string, string>; option: Map<string, string>; ou: Map<string, string>; codes: Set<string> }> {
  const candidates = [...new Set(refs.filter((r) => UID.test(r)))];
  const out = { dx: new Map<string, string>(), option: new Map<string, string>(), ou: new Map<string, string>(), codes: new Set<string>() };
  if (candidates.length === 0) return out;
  const { rows } = await db.query<{ kind: string; ref: string; code: string }>(
    `SELECT 'DX' AS kind, uid AS ref, code FROM indicator WHERE uid = ANY ($1::text[])
     UNION ALL SELECT 'DX', uid, code FROM data_element WHERE uid = ANY ($1::text[])
     UNION ALL SELECT 'OPTION', uid, code FROM disaggregation_option WHERE uid = ANY ($1::text[])
     UNION ALL SELECT 'DX', uid, code FROM report_regime WHERE uid = ANY ($1::text[])
     UNION ALL SELECT 'CODE', code, code FROM report_regime WHERE code = ANY ($1::text[])
     UNION ALL SELECT 'OU', uid, code FROM org_unit WHERE uid = ANY ($1::text[])
     UNION ALL SELECT 'CODE', code, code FROM indicator WHERE code = ANY ($1::text[])
     UNION ALL SELECT 'CODE', code, code FROM data_element WHERE code = ANY ($1::text[])
     UNION ALL SELECT 'CODE', code, code FROM org_unit WHERE code = ANY ($1::text[])
     UNION ALL SELECT 'CODE', code, code FROM disaggregation_option WHERE code = ANY ($1::text[])`,
    [candidates],
  );
  for (const r of rows) {
    if (r.kind === 'CODE') out.codes.add(r.ref);
    else out[r.kind === 'DX' ? 'dx' : r.kind === 'OPTION' ? 'option' : 'ou'].set(r.ref, r.code);
  }
  return out;
}

export interface TranslatedItems {
  dx: string[];
  ou: string[];
  /** co items: option UIDs as option codes, DHIS2's default combo UID as 'default'. */
  co: string[];
  /** Whether any item was given as a UID. */
  usedUids: boolean;
}

/** dx, ou and co items with their UIDs replaced by codes; everything else (codes, keywords, LEVEL-n, `id:n`) as given. */
export async function translateUids(db: Db, dx: readonly string[], ou: readonly string[], co: readonly string[] = []): Promise<TranslatedItems> {
  const parts = [...dx.flatMap((d) => d.split('.')), ...ou, ...co];
  if (!parts.some((p) => UID.test(p))) return { dx: [...dx], ou: [...ou], co: [...co], usedUids: false };
  const found = await codesOfUids(db, parts);
  let usedUids = false;
  const swap = (ref: string, map: Map<string, string>) => {
    if (found.codes.has(ref)) return ref;
    const code = map.get(ref);
    if (code === undefined) return ref;
    usedUids = true;
    return code;
  };
  const dxOut = dx.map((d) => {
    const [element, option, ...rest] = d.split('.');
    if (rest.length > 0) return d;
    return option === undefined ? swap(element, found.dx) : `${swap(element, found.dx)}.${swap(option, found.option)}`;
  });
  const ouOut = ou.map((o) => swap(o, found.ou));
  const coOut = co.map((c) => {
    if (c !== DEFAULT_COMBO_UID) return swap(c, found.option);
    usedUids = true;
    return 'default';
  });
  return { dx: dxOut, ou: ouOut, co: coOut, usedUids };
}

/** The answer with every dx and ou code named by its UID (a new object; the given one is not changed). */
export async function answerInUids(db: Db, answer: AnalyticsResponse): Promise<AnalyticsResponse> {
  const dxIds = answer.metaData.dimensions.dx ?? [];
  // The units of the answer; the predecessors a lineage note names keep their codes (they are no dimension item).
  const ouIds = answer.metaData.dimensions.ou ?? [];
  const elementCodes = [...new Set(dxIds.map((d) => d.split('.')[0]))];
  const optionPairs = dxIds.filter((d) => d.includes('.')).map((d) => d.split('.'));
  // dimension=co: each row's option is named within its row's element (the dx column, or the one dx filter item).
  const columnKinds = answer.headers.filter((h) => h.meta).map((h) => h.name);
  const dxAt = columnKinds.indexOf('dx');
  const coAt = columnKinds.indexOf('co');
  const elementOfRow = (row: string[]) => (dxAt >= 0 ? row[dxAt] : dxIds[0]);
  if (coAt >= 0) {
    for (const row of answer.rows) optionPairs.push([elementOfRow(row), row[coAt]]);
    for (const e of elementCodes) for (const co of answer.metaData.dimensions.co ?? []) optionPairs.push([e, co]);
  }
  const { rows } = await db.query<{ kind: string; code: string; uid: string }>(
    `SELECT 'DX' AS kind, code, uid FROM report_regime WHERE code = ANY ($1::text[])
     UNION ALL SELECT 'DX', code, uid FROM indicator WHERE code = ANY ($1::text[])
     UNION ALL SELECT 'DX', code, uid FROM data_element WHERE code = ANY ($1::text[])
     UNION ALL SELECT 'OU', code, uid FROM org_unit WHERE code = ANY ($2::text[])
     UNION ALL SELECT 'OPTION', de.code || '.' || o.code, o.uid
       FROM data_element de JOIN disaggregation_option o ON o.disaggregation_id = de.disaggregation_id
      WHERE de.code || '.' || o.code = ANY ($3::text[])`,
    [elementCodes, [...new Set(ouIds)], optionPairs.map((p) => p.join('.'))],
  );
  const dx = new Map<string, string>();
  const ou = new Map<string, string>();
  const option = new Map<string, string>();
  for (const r of rows) (r.kind === 'DX' ? dx : r.kind === 'OU' ? ou : option).set(r.code, r.uid);
  const dxUid = (id: string) => {
    const [element, opt] = id.split('.');
    const e = dx.get(element) ?? element;
    return opt === undefined ? e : `${e}.${option.get(id) ?? opt}`;
  };
  const ouUid = (code: string) => ou.get(code) ?? code;
  // An option in the co dimension by its UID; DHIS2's default category option combo for an element without options.
  const coUid = (element: string, co: string) => (co === 'default' ? DEFAULT_COMBO_UID : (option.get(`${element}.${co}`) ?? co));
  const coOfAnyElement = (co: string) => elementCodes.map((e) => coUid(e, co)).find((u) => u !== co) ?? co;
  const rename = (kind: string, id: string) => (kind === 'dx' ? dxUid(id) : kind === 'ou' ? ouUid(id) : id);
  const items: AnalyticsResponse['metaData']['items'] = {};
  const dxSet = new Set(dxIds);
  const ouSet = new Set(ouIds);
  const coSet = new Set(answer.metaData.dimensions.co ?? []);
  for (const [key, item] of Object.entries(answer.metaData.items)) {
    const renamed = dxSet.has(key) ? dxUid(key) : ouSet.has(key) ? ouUid(key) : coSet.has(key) ? coOfAnyElement(key) : key;
    items[renamed] = renamed === key ? item : { ...item, code: item.code ?? key };
  }
  return {
    ...answer,
    metaData: {
      ...answer.metaData,
      items,
      dimensions: {
        ...answer.metaData.dimensions,
        dx: dxIds.map(dxUid),
        ...(coAt >= 0 ? { co: (answer.metaData.dimensions.co ?? []).map(coOfAnyElement) } : {}),
        ou: (answer.metaData.dimensions.ou ?? []).map(ouUid),
      },
      lineage: answer.metaData.lineage.map((l) => ({ ...l, ou: ouUid(l.ou) })),
    },
    rows: answer.rows.map((row) => row.map((cell, i) => (i === coAt ? coUid(elementOfRow(row), cell) : i < columnKinds.length ? rename(columnKinds[i], cell) : cell))),
  };
}
