/**
 * Which figure counts (issue 10): the figure of an indicator that stands for the district is the
 * responsible unit's submitted or approved figure — never a draft, never another unit's figure for
 * an indicator whose targets name their units. An indicator whose plan-year targets name no unit (a
 * main-target list often does not) takes any unit's submitted or approved figure. Figures a file
 * gives without a unit ('') are the district's own. The plan documents' published figures (of the
 * plan year and the years before) come after every unit's, marked 'published'.
 */
import type { Plan } from '../model/plan';
import { parsePeriod } from '../model/period';
import { submissionFigures, type Figure, type Submission, type WorkflowState } from '../model/submission';
import { indexCatalog, type Catalog } from '../rules/catalog';
import { DOCUMENT_UNIT } from '../report/plan-history';
import { publishedInUnits } from '../rules/published';

/** The workflow states whose figures count in the district's tables. */
export const COUNTED_STATES: ReadonlySet<WorkflowState> = new Set<WorkflowState>(['submitted', 'approved']);

export interface Counted {
  figures: Figure[];
  /** The state of a counted figure: its submission's workflow state, or 'published'. */
  stateOf(f: Figure): string | null;
}

/**
 * Who may stand for each indicator: the units named on its plan-year targets (by catalog entry);
 * an indicator missing here, or mapped to an empty set, accepts any unit.
 */
export function responsibleUnits(plan: Plan, catalog: Catalog): (indicator: string) => ReadonlySet<string> | null {
  const cat = indexCatalog(catalog);
  const by = new Map<string, Set<string>>();
  for (const t of plan.targets) {
    if (t.year !== plan.year) continue;
    const key = cat.resolve(t.indicator)?.name ?? t.indicator;
    let s = by.get(key);
    if (!s) by.set(key, (s = new Set()));
    for (const u of t.units) s.add(u);
  }
  return (indicator) => {
    const s = by.get(cat.resolve(indicator)?.name ?? indicator);
    return s && s.size > 0 ? s : null;
  };
}

/**
 * The plan documents' own figures of the plan year (earlier years come through report/plan-history.ts),
 * each in its indicator's 计量单位 (rules/published.ts: the published 2.2万人 is 22000 人).
 */
export function publishedFigures(plan: Plan, catalog: Catalog): Figure[] {
  return publishedInUnits(plan, catalog)
    .actuals.filter((a) => parsePeriod(a.period)?.year === plan.year && (a.value !== null || a.growth !== null))
    .map((a) => ({ orgUnit: DOCUMENT_UNIT, indicator: a.indicator, period: a.period, value: a.value, growth: a.growth, sameLastYear: null, note: '' }));
}

export interface CountingOptions {
  /** Also count the responsible units' own drafts and returned forms (state shown); never another unit's. Default false. */
  drafts?: boolean;
}

/** The figures that count, from indicator submissions of any state (the others are left out here, once). */
export function countedFigures(plan: Plan, catalog: Catalog, submissions: readonly Submission[], o: CountingOptions = {}): Counted {
  const responsible = responsibleUnits(plan, catalog);
  const state = new Map<Figure, string>();
  const figures: Figure[] = [];
  for (const s of submissions) {
    if (s.form !== 'indicators') continue;
    const sent = COUNTED_STATES.has(s.state);
    if (!sent && !o.drafts) continue;
    for (const f of submissionFigures(s)) {
      const who = responsible(f.indicator);
      if (who && f.orgUnit !== '' && !who.has(f.orgUnit)) continue;
      if (!sent && !who) continue; // a draft counts only for an indicator whose targets name its unit
      figures.push(f);
      state.set(f, s.state);
    }
  }
  for (const f of publishedFigures(plan, catalog)) {
    figures.push(f);
    state.set(f, 'published');
  }
  return { figures, stateOf: (f) => state.get(f) ?? null };
}
