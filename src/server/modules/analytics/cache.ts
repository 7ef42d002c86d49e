/**
 * Analytics' cache in one process: the metadata snapshot and finished answers, both good for exactly one
 * figure_version (the counter every change of counted data, report status or metadata moves forward, in
 * every process sharing the database — migration 0045). An answer that counts drafts (dataStatus=ALL) is
 * never stored: drafts change without moving the counter.
 */
import type { Db } from '../../db/db.ts';
import { BoundedCache } from '../../http/versions.ts';
import { Snapshot } from './lookups.ts';

/** Answers larger than this many rows are recomputed rather than kept. */
const MAX_CACHED_ROWS = 20_000;

export class AnalyticsCache {
  private readonly slots = new Map<string, { version: number; value: Promise<unknown> }>();
  private readonly answers = new BoundedCache<string, unknown>(500);
  private readonly memos = new BoundedCache<string, { version: string; value: Promise<unknown> }>(1000);
  private answersVersion = -1;

  /**
   * A value computed once per `version` under `name` (the metadata snapshot, the list of targets, the list of
   * regimes…), however many requests ask at the same time; a failed computation is not kept.
   */
  slot<T>(name: string, version: number, compute: () => Promise<T>): Promise<T> {
    const held = this.slots.get(name);
    if (held && held.version === version) return held.value as Promise<T>;
    const value = compute();
    const entry = { version, value };
    this.slots.set(name, entry);
    value.catch(() => {
      if (this.slots.get(name) === entry) this.slots.delete(name);
    });
    return value;
  }

  /**
   * An answer kept under `key` for as long as `version` (several counters and the day, joined) stays the same;
   * asked for at the same time, it is computed once. A failed computation is not kept.
   */
  memo<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const held = this.memos.get(key);
    if (held && held.version === version) return held.value as Promise<T>;
    const value = compute();
    const entry = { version, value };
    this.memos.set(key, entry);
    value.catch(() => {
      if (this.memos.get(key) === entry) this.memos.delete(key);
    });
    return value;
  }

  /** The metadata snapshot for `version`, loaded once however many requests ask at the same time. */
  snapshot(db: Db, version: number): Promise<Snapshot> {
    return this.slot('analytics.snapshot', version, () => Snapshot.load(db));
  }

  answer<T>(version: number, key: string): T | undefined {
    if (version !== this.answersVersion) return undefined;
    return this.answers.get(key) as T | undefined;
  }

  keep(version: number, key: string, value: unknown, rows: number): void {
    if (rows > MAX_CACHED_ROWS) return;
    if (version !== this.answersVersion) {
      // A newer counter makes every stored answer stale.
      if (version < this.answersVersion) return;
      this.answers.clear();
      this.answersVersion = version;
    }
    this.answers.set(key, value);
  }
}
