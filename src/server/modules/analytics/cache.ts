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
  private snapshotVersion = -1;
  private snapshotLoad: Promise<Snapshot> | null = null;
  private readonly answers = new BoundedCache<string, unknown>(500);
  private answersVersion = -1;

  /** The metadata snapshot for `version`, loaded once however many requests ask at the same time. */
  snapshot(db: Db, version: number): Promise<Snapshot> {
    if (this.snapshotLoad && this.snapshotVersion === version) return this.snapshotLoad;
    this.snapshotVersion = version;
    const load = Snapshot.load(db);
    this.snapshotLoad = load;
    load.catch(() => {
      if (this.snapshotLoad === load) this.snapshotLoad = null;
    });
    return load;
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
