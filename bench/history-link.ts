// What linking every value history row to its request's audit entry costs the import. 1 M history
// rows are COPYed, in one transaction, into the history table as it was (no link), with a request id
// (text, filled from a transaction setting, indexed), and with the transaction id (xid8,
// pg_current_xact_id(), indexed — the design kept), alternately, ROUNDS times each (default 3), in the same run.
// Not run by CI.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/history-link.ts
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = 1_000_000;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const COLUMNS = `data_element_id integer NOT NULL, period_id integer NOT NULL, org_unit_id integer NOT NULL, option_id integer NOT NULL DEFAULT 0,
  change_type text NOT NULL, old_value text, new_value text, source text NOT NULL, changed_by text, user_id integer, token_id integer,
  changed_at timestamptz NOT NULL DEFAULT now()`;

const rows = () =>
  Readable.from(
    (function* () {
      let buf = '';
      for (let i = 0; i < ROWS; i++) {
        buf += `${i % 20}\t${1000 + (i % 5)}\t${i % 10000}\t0\tCREATE\t\\N\t${(i * 7919) % 1000000}\tAPI\ttoken:bench\t\\N\t1\t2026-12-02T00:00:00Z\n`;
        if (buf.length > 256 * 1024) {
          yield buf;
          buf = '';
        }
      }
      yield buf;
    })(),
  );

async function main() {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  const tables = {
    before: `CREATE TABLE bench_hist_before (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ${COLUMNS});
             CREATE INDEX ON bench_hist_before (data_element_id, period_id, org_unit_id, option_id)`,
    after: `CREATE TABLE bench_hist_after (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ${COLUMNS},
               request_id text DEFAULT nullif(current_setting('tiendo.request_id', true), ''));
             CREATE INDEX ON bench_hist_after (data_element_id, period_id, org_unit_id, option_id);
             CREATE INDEX ON bench_hist_after (request_id) WHERE request_id IS NOT NULL`,
    xact: `CREATE TABLE bench_hist_xact (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ${COLUMNS},
               xact_id xid8 NOT NULL DEFAULT pg_current_xact_id());
             CREATE INDEX ON bench_hist_xact (data_element_id, period_id, org_unit_id, option_id);
             CREATE INDEX ON bench_hist_xact (xact_id)`,
  };
  const times: Record<string, number[]> = { before: [], after: [], xact: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of ['before', 'after', 'xact'] as const) {
      await c.query(`DROP TABLE IF EXISTS bench_hist_${side}`);
      await c.query(tables[side]);
      await c.query('CHECKPOINT');
      const t0 = performance.now();
      await c.query('BEGIN');
      await c.query("SELECT set_config('tiendo.request_id', $1, true)", [randomUUID()]);
      await pipeline(
        rows(),
        c.query(
          copyFrom(`COPY bench_hist_${side} (data_element_id, period_id, org_unit_id, option_id, change_type, old_value, new_value, source, changed_by, user_id, token_id, changed_at) FROM STDIN`),
        ),
      );
      await c.query('COMMIT');
      times[side].push((performance.now() - t0) / 1000);
      if (side === 'after') {
        const tagged = (await c.query<{ n: string }>('SELECT count(*) AS n FROM bench_hist_after WHERE request_id IS NOT NULL')).rows[0].n;
        if (Number(tagged) !== ROWS) throw new Error(`only ${tagged} rows carry the request id`);
      }
      await c.query(`DROP TABLE bench_hist_${side}`);
    }
  }
  await c.end();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.table(
    (['before', 'after', 'xact'] as const).map((side) => ({
      'history table': { before: 'without a link', after: 'request_id text from the transaction tag + index', xact: 'xact_id xid8 (pg_current_xact_id()) + index' }[side],
      [`seconds (${ROUNDS} runs)`]: times[side].map((t) => t.toFixed(2)).join(' / '),
      'median rows/s': Math.round(ROWS / median(times[side])),
    })),
  );
  for (const side of ['after', 'xact'] as const) console.log(`cost of ${side}: ${(((median(times[side]) - median(times.before)) / median(times.before)) * 100).toFixed(1)} % of the history COPY`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
