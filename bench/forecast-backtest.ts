// Back-test of the target forecasts on the demo history. Not run by CI.
//
//   node --import tsx bench/forecast-backtest.ts [--today 2026-11-23] [--provinces 8]
//
// Seeds the demo (org units, reporting history, indicators) into an in-memory database, computes each
// demo indicator's monthly series exactly as the analytics API does (country and a few provinces),
// and runs a rolling-origin back-test of forecastSeries for horizons of 3, 6 and 12 months.
// Prints a Markdown table for docs/forecasting.md and writes bench/out/forecast-backtest.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDb } from '../src/server/db/db.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedDemoOrgUnits } from '../src/server/demo/org-units.ts';
import { seedDemoReporting } from '../src/server/demo/reporting.ts';
import { DEMO_INDICATORS, seedDemoIndicatorsAndTargets } from '../src/server/demo/targets.ts';
import { computeValues } from '../src/server/modules/analytics/service.ts';
import { backtestForecast } from '../src/core/forecast.ts';
import { nextPeriod, periodOf, previousPeriod } from '../src/core/periods.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({ options: { today: { type: 'string', default: '2026-11-23' }, provinces: { type: 'string', default: '8' } } });
const today = args.today as string;
const HORIZONS = [3, 6, 12];
const MIN_TRAIN = 12;

const db = await openDb({ dataDir: 'memory://' });
await migrate(db);
await seedDemoOrgUnits(db);
await seedDemoReporting(db, { today });
await seedDemoIndicatorsAndTargets(db);

const lastMonth = previousPeriod(periodOf('MONTHLY', today).id, 1);
const months: string[] = [];
for (let m = '202301'; m <= lastMonth; m = nextPeriod(m)) months.push(m);
const { rows: units } = await db.query<{ id: number; code: string; level: number }>(
  `SELECT id, code, level FROM org_unit WHERE code = 'VN' OR (level = 2 AND type = 'province' AND closing_date IS NULL) ORDER BY level, code LIMIT $1`,
  [1 + Number(args.provinces)],
);

interface Row {
  indicator: string;
  series: number;
  horizon: number;
  origins: number;
  mae: number | null;
  mape: number | null;
  coverage: number | null;
  naiveMape: number | null;
}
const rows: Row[] = [];
for (const indicator of DEMO_INDICATORS) {
  const values = await computeValues(
    db,
    indicator.code,
    units.map((u) => u.id),
    months,
  );
  for (const horizon of HORIZONS) {
    const acc = { origins: 0, forecasts: 0, mae: 0, mape: 0, mapeN: 0, cov: 0, covN: 0, naive: 0, naiveN: 0 };
    let series = 0;
    for (const unit of units) {
      const s = months.map((m) => values.get(`${unit.id}|${m}`)).filter((v): v is number => v !== undefined);
      if (s.length < MIN_TRAIN + horizon) continue;
      series++;
      const b = backtestForecast(s, { horizon, minTrain: MIN_TRAIN });
      acc.origins += b.origins;
      acc.forecasts += b.forecasts;
      if (b.mae !== null) acc.mae += b.mae * b.forecasts;
      if (b.mape !== null) {
        acc.mape += b.mape * b.forecasts;
        acc.mapeN += b.forecasts;
      }
      if (b.coverage !== null) {
        acc.cov += b.coverage * b.forecasts;
        acc.covN += b.forecasts;
      }
      // The yardstick: "the last value stays" from the same origins.
      for (let o = MIN_TRAIN; o + horizon <= s.length; o++) {
        for (let h = 1; h <= horizon; h++) {
          if (s[o + h - 1] === 0) continue;
          acc.naive += (Math.abs(s[o + h - 1] - s[o - 1]) / Math.abs(s[o + h - 1])) * 100;
          acc.naiveN++;
        }
      }
    }
    rows.push({
      indicator: indicator.code,
      series,
      horizon,
      origins: acc.origins,
      mae: acc.forecasts ? acc.mae / acc.forecasts : null,
      mape: acc.mapeN ? acc.mape / acc.mapeN : null,
      coverage: acc.covN ? acc.cov / acc.covN : null,
      naiveMape: acc.naiveN ? acc.naive / acc.naiveN : null,
    });
  }
}
await db.close();

const fmt = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
fs.mkdirSync(path.join(HERE, 'out'), { recursive: true });
fs.writeFileSync(path.join(HERE, 'out', 'forecast-backtest.json'), `${JSON.stringify({ today, months: months.length, units: units.map((u) => u.code), rows }, null, 2)}\n`);
console.log(`history ${months[0]}–${months.at(-1)} (${months.length} months), units: ${units.map((u) => u.code).join(', ')}\n`);
console.log('| indicator | series | horizon (months) | origins | MAE | MAPE % | naive MAPE % | 95 % interval coverage |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  if (r.series === 0) continue;
  console.log(
    `| ${r.indicator} | ${r.series} | ${r.horizon} | ${r.origins} | ${fmt(r.mae, 3)} | ${fmt(r.mape)} | ${fmt(r.naiveMape)} | ${r.coverage === null ? '—' : `${(r.coverage * 100).toFixed(0)} %`} |`,
  );
}
