/**
 * The counters caches are checked against, read together once per API request: auth_version (who a
 * caller is: sessions, users, roles, tokens — migration 0046), figure_version (what a judged figure is:
 * counted data, metadata — migration 0045) and work_version (which reports are in, which alerts are open —
 * migration 0110). A cache entry stored under a version is good for
 * as long as that version is current, in every process sharing the database.
 */
import type { Db } from '../db/db.ts';

export interface Versions {
  auth: number;
  figure: number;
  work: number;
}

export async function readVersions(db: Db): Promise<Versions> {
  const { rows } = await db.query<{ auth: number; figure: number; work: number }>(
    'SELECT (SELECT version FROM auth_version) AS auth, (SELECT version FROM figure_version) AS figure, (SELECT version FROM work_version) AS work',
  );
  return { auth: rows[0]?.auth ?? 0, figure: rows[0]?.figure ?? 0, work: rows[0]?.work ?? 0 };
}

/** A small map that forgets its oldest entries beyond `limit` (insertion order, refreshed on set). */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value as K);
  }
  delete(key: K): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}
