/**
 * The year's evaluation of a set of people, computed from their task records: one set-based query per rule set
 * (never one per person), then the rules of src/core/evaluation.ts.
 */
import type { Db } from '../../db/db.ts';
import {
  applyExcellentQuota,
  builtInVersion,
  combineYear,
  emptyTotals,
  EVALUATION_RULE_SETS,
  mergeConfig,
  periodsOfYear,
  ratingFromCriteria,
  ratingFromPoints,
  ruleSetFor,
  scorePeriod,
  scoreTotals,
  totalsOfTasks,
  versionOfYear,
  type EvaluationConfig,
  type PeriodScore,
  type PeriodTotals,
  type Rating,
  type RuleSet,
  type ScoredTaskInput,
  type YearScore,
} from '../../../core/evaluation.ts';
import * as repo from './repo.ts';

export interface LoadedRuleSet {
  set: RuleSet;
  config: EvaluationConfig;
}

/**
 * The rule sets with the values of the version a year is judged under (versionOfYear: the one in force on the
 * year's last day) merged over the decree's; versions that fail the checks were refused when added.
 */
export async function loadRuleSets(db: Db, year: number): Promise<RuleSet[]> {
  const versions = await repo.listRuleVersions(db);
  return EVALUATION_RULE_SETS.map((s) => {
    const v = versionOfYear(s, [builtInVersion(s), ...versions.filter((x) => x.ruleSetId === s.id)], year);
    return { ...s, config: mergeConfig(s.config, v.overrides).config };
  });
}

export interface PeriodView extends PeriodScore {
  period: string;
  generalPoints: number | null;
  generalComment: string | null;
  generalBy: string | null;
  total: number | null;
}

export interface PersonYear {
  staff: repo.StaffRow;
  ruleSet: RuleSet | null;
  periods: PeriodView[];
  year: YearScore;
  /** Decree 90/2020 facts of the year (criteria rule set). */
  criteria: { assigned: number; onTimeWithQuality: number; exceeded: number; problems: number; generalMet: boolean | null } | null;
  /** The rating the rules give before the unit's quota. */
  scoreRating: Rating | null;
  /** After the quota: those above the line move to HTTNV. */
  rating: Rating | null;
  aboveQuotaLine: boolean;
  tiedAtQuotaLine: boolean;
  record: repo.YearRow | null;
  disciplined: boolean;
  /** The decision in force: an upheld appeal's rating, else the decided one. */
  decidedRating: Rating | null;
}

export interface UnitQuota {
  orgUnitId: number;
  orgUnitName: string;
  ruleSetId: string;
  share: number | null;
  good: number;
  candidates: number;
  allowed: number;
  aboveLine: number[];
  tiedAtLine: number[];
}

export interface Evaluation {
  people: Map<number, PersonYear>;
  quotas: UnitQuota[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Evaluates the people for the year on the day. `detailed` keeps each task (its title and points) as the
 * sources of the periods; otherwise the database sums each person's tasks by period and no task is listed. The
 * quota is computed over the people given: pass whole units (see withWholeUnits).
 */
export async function evaluateYear(db: Db, staff: readonly repo.StaffRow[], year: number, today: string, options: { detailed?: boolean; ruleSets?: RuleSet[] } = {}): Promise<Evaluation> {
  const sets = options.ruleSets ?? (await loadRuleSets(db, year));
  const ids = staff.map((s) => s.id);
  const [general, records, appeals] = await Promise.all([repo.listGeneralScores(db, ids, year), repo.listYears(db, ids, year), repo.listAppeals(db, ids, year)]);
  const generalOf = new Map(general.map((g) => [`${g.staffId}:${g.period}`, g]));
  const recordOf = new Map(records.map((r) => [r.staffId, r]));
  const upheld = new Map(appeals.filter((a) => a.outcome === 'UPHELD' && a.outcomeRating).map((a) => [a.staffId, a.outcomeRating as Rating]));

  const bySet = new Map<RuleSet, repo.StaffRow[]>();
  for (const s of staff) {
    const set = ruleSetFor(s.kind, year, sets);
    if (!set) continue;
    const list = bySet.get(set);
    if (list) list.push(s);
    else bySet.set(set, [s]);
  }
  // Per person and period: the sums of the tasks (one row per person and period, made by the database), or, when
  // detailed, the tasks themselves (a unit or a person: each task is shown as a source with its points).
  const totalsOf = new Map<number, Map<string, PeriodTotals>>();
  const factsOf = new Map<number, Map<string, ScoredTaskInput[]>>();
  const slot = <T>(m: Map<number, Map<string, T>>, staffId: number) => {
    let inner = m.get(staffId);
    if (!inner) m.set(staffId, (inner = new Map()));
    return inner;
  };
  await Promise.all(
    [...bySet].map(async ([set, people]) => {
      const p = { staffIds: people.map((s) => s.id), from: `${year}-01-01`, to: `${year}-12-31`, today, config: set.config };
      if (!options.detailed) {
        for (const r of await repo.listPeriodTotals(db, p)) slot(totalsOf, r.staffId).set(r.period, r);
        return;
      }
      for (const r of await repo.listTaskFacts(db, p)) {
        const byPeriod = slot(factsOf, r.staffId);
        const input: ScoredTaskInput = { taskId: r.taskId, title: r.title, outcome: r.outcome, productKind: r.productKind, planned: r.planned, qualityErrors: r.qualityErrors, exceeded: r.exceeded };
        const list = byPeriod.get(r.period);
        if (list) list.push(input);
        else byPeriod.set(r.period, [input]);
      }
    }),
  );

  const people = new Map<number, PersonYear>();
  for (const s of staff) {
    const set = ruleSetFor(s.kind, year, sets);
    const record = recordOf.get(s.id) ?? null;
    const disciplined = record?.disciplined ?? false;
    const decidedRating = upheld.get(s.id) ?? record?.decidedRating ?? null;
    if (!set) {
      people.set(s.id, {
        staff: s,
        ruleSet: null,
        periods: [],
        year: combineYear([]),
        criteria: null,
        scoreRating: null,
        rating: null,
        aboveQuotaLine: false,
        tiedAtQuotaLine: false,
        record,
        disciplined,
        decidedRating,
      });
      continue;
    }
    const facts = factsOf.get(s.id);
    const sums = totalsOf.get(s.id);
    const year_ = emptyTotals();
    const periods: PeriodView[] = periodsOfYear(year, set.config.periodType).map((period) => {
      const tasks = facts?.get(period) ?? [];
      const totals = options.detailed ? totalsOfTasks(tasks, set.config) : (sums?.get(period) ?? emptyTotals());
      year_.counts.onTime += totals.counts.onTime;
      year_.counts.late += totals.counts.late;
      year_.counts.notDone += totals.counts.notDone;
      year_.onTimeWithQuality += totals.onTimeWithQuality;
      year_.exceededDone += totals.exceededDone;
      const score = options.detailed ? scorePeriod(tasks, set.config) : { ...scoreTotals(totals, set.config), sources: [] };
      const g = generalOf.get(`${s.id}:${period}`);
      const generalPoints = g ? g.points : null;
      const total = score.taskPoints === null ? null : round2(score.taskPoints + (generalPoints ?? 0));
      return { ...score, period, generalPoints, generalComment: g?.comment ?? null, generalBy: g?.scoredBy ?? null, total };
    });
    const yearScore = combineYear(periods.map((p) => ({ period: p.period, taskPoints: p.taskPoints, generalPoints: p.generalPoints })));
    let scoreRating: Rating | null;
    let criteria: PersonYear['criteria'] = null;
    if (set.method === 'POINTS') {
      scoreRating = disciplined ? 'KHTNV' : yearScore.points === null ? null : ratingFromPoints(yearScore.points, false, set.config);
    } else {
      // Decree 90/2020: the year's tasks that are scored (not pending), done on time with quality, exceeded.
      const assigned = year_.counts.onTime + year_.counts.late + year_.counts.notDone;
      const onTimeWithQuality = year_.onTimeWithQuality;
      const exceeded = year_.exceededDone;
      const generals = periods.filter((p) => p.generalPoints !== null).map((p) => p.generalPoints as number);
      const generalMet = generals.length === 0 ? null : generals.reduce((a, b) => a + b, 0) / generals.length >= set.config.criteria.generalMetMin;
      criteria = { assigned, onTimeWithQuality, exceeded, problems: assigned - onTimeWithQuality, generalMet };
      scoreRating = disciplined
        ? 'KHTNV'
        : generalMet === null
          ? null
          : ratingFromCriteria({ assigned, onTimeWithQuality, exceeded, problems: assigned - onTimeWithQuality, generalMet, disciplined }, set.config);
    }
    people.set(s.id, {
      staff: s,
      ruleSet: set,
      periods,
      year: yearScore,
      criteria,
      scoreRating,
      rating: scoreRating,
      aboveQuotaLine: false,
      tiedAtQuotaLine: false,
      record,
      disciplined,
      decidedRating,
    });
  }

  // The quota, unit by unit and within one group of like tasks (one rule set).
  const quotas: UnitQuota[] = [];
  const groups = new Map<string, PersonYear[]>();
  for (const p of people.values()) {
    if (!p.ruleSet) continue;
    const key = `${p.staff.orgUnitId}|${p.ruleSet.id}`;
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  for (const members of groups.values()) {
    const set = members[0].ruleSet!;
    const cands = members.filter((m) => m.scoreRating !== null).map((m) => ({ staffId: m.staff.id, points: m.year.points, rating: m.scoreRating as Rating }));
    const q = applyExcellentQuota(cands, set.config.excellentQuotaOfGood);
    for (const m of members) {
      if (m.scoreRating === null) continue;
      m.rating = q.ratings.get(m.staff.id) ?? m.scoreRating;
      m.aboveQuotaLine = q.aboveLine.includes(m.staff.id);
      m.tiedAtQuotaLine = q.tiedAtLine.includes(m.staff.id);
    }
    quotas.push({
      orgUnitId: members[0].staff.orgUnitId,
      orgUnitName: members[0].staff.orgUnitName,
      ruleSetId: set.id,
      share: set.config.excellentQuotaOfGood,
      good: cands.filter((c) => c.rating === 'HTTNV').length,
      candidates: q.candidates,
      allowed: q.allowed,
      aboveLine: q.aboveLine,
      tiedAtLine: q.tiedAtLine,
    });
  }
  return { people, quotas };
}

/** The people given plus everyone else of their units, so that each unit's quota counts all of it. */
export async function withWholeUnits(db: Db, staff: readonly repo.StaffRow[], year: number): Promise<repo.StaffRow[]> {
  const units = [...new Set(staff.map((s) => s.orgUnitId))];
  if (units.length === 0) return [];
  return repo.listStaffOfUnits(db, units, year);
}
