import type { Db } from '../../db/db.ts';

/** Longest time an answer is kept: a publication made by another process is seen within it. */
export const PUBLIC_CACHE_MAX_MS = 60_000;
const MAX_ENTRIES = 2_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * Finished public answers of this process, per database. An answer is kept until the next announced release
 * time (so a release becomes visible at its moment), at most a minute, and is dropped at once when this process
 * publishes a release or changes a dataset. Only answers that were already public are kept: nothing embargoed
 * can come out of it.
 */
export class PublicCache {
  private entries = new Map<string, Entry<unknown>>();

  get<T>(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  set<T>(key: string, value: T, expiresAt: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt });
  }

  clear(): void {
    this.entries.clear();
  }
}

const caches = new WeakMap<Db, PublicCache>();

export function publicCacheOf(db: Db): PublicCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new PublicCache()));
  return cache;
}
