/**
 * One target per indicator: documents name the same indicator differently (000's 城镇登记失业率, 003's
 * 登记失业率, one catalog entry), and a plan often repeats a target in two documents. The report,
 * the checks and the formula rules group targets by the catalog's canonical indicator, so the
 * district's table has one row, one sentence and one finding per indicator; the target left out is
 * said once, at import.
 */
import type { Bilingual } from '../model/i18n';
import type { DocumentKind, Plan, Target } from '../model/plan';
import { indexCatalog, normaliseName, type Catalog, type CatalogIndex } from './catalog';

export interface TargetChoice {
  /** The targets that count, in the plan's order (the kept target takes the place of the first of its group). */
  kept: Target[];
  /** Each target left out, the one kept instead, and what to tell the user. */
  dropped: { target: Target; kept: Target; message: Bilingual }[];
}

/** Documents from the most specific about an indicator's target to the least. */
const KIND_RANK: Partial<Record<DocumentKind, number>> = { 'division-of-work': 4, 'plan-report': 3, 'work-report': 2, 'midyear-report': 1 };

/**
 * The plan's targets with one per year × catalog indicator × measure (a growth and a level target of
 * one indicator — 增长6%、突破千亿元 — are two conditions and both stay). Which one is kept, in order:
 * 1. a target that names its responsible units (the division of work assigns it: the forms, the
 *    counted figure and the findings go to those units) over one that names none;
 * 2. the more specific document: 分工方案 (division-of-work) > 计划报告 (plan-report) > 政府工作报告
 *    (work-report) > 执行情况报告 (midyear-report) > any other;
 * 3. the later document in the plan's document list, then the later line (a later statement
 *    restates or corrects an earlier one).
 * Indicators the catalog does not know are grouped by their normalised name. Pure.
 */
export function chooseTargets(plan: Pick<Plan, 'targets' | 'documents'>, catalog: Catalog | CatalogIndex): TargetChoice {
  const cat = 'resolve' in catalog ? catalog : indexCatalog(catalog);
  const docIndex = new Map(plan.documents.map((d, i) => [d.id, i]));
  const docKind = new Map(plan.documents.map((d) => [d.id, d.kind]));
  const score = (t: Target): number[] => [t.units.length > 0 ? 1 : 0, KIND_RANK[docKind.get(t.source.document) as DocumentKind] ?? 0, docIndex.get(t.source.document) ?? -1, t.source.line];
  const better = (a: Target, b: Target): boolean => {
    const x = score(a);
    const y = score(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] > y[i];
    return false;
  };
  const groups = new Map<string, Target[]>();
  const order: string[] = [];
  for (const t of plan.targets) {
    const key = `${t.year}|${cat.resolve(t.indicator)?.name ?? normaliseName(t.indicator)}|${t.measure}`;
    const g = groups.get(key);
    if (g) g.push(t);
    else {
      groups.set(key, [t]);
      order.push(key);
    }
  }
  const kept: Target[] = [];
  const dropped: TargetChoice['dropped'] = [];
  // Groups in the order of their first target, so rows and findings come as the documents list them.
  for (const key of order) {
    const g = groups.get(key)!;
    const best = g.reduce((a, b) => (better(b, a) ? b : a));
    kept.push(best);
    for (const t of g) if (t !== best) dropped.push({ target: t, kept: best, message: droppedMessage(t, best) });
  }
  return { kept, dropped };
}

function droppedMessage(t: Target, kept: Target): Bilingual {
  const at = (x: Target): string => `${x.source.document}:${x.source.line}`;
  return {
    zh: `“${t.text}”（${at(t)}）与“${kept.text}”（${at(kept)}）是同一指标的${t.year}年目标，报表和审核只采用后者；如应采用前者，请修改文件后重新导入`,
    en: `"${t.text}" (${at(t)}) and "${kept.text}" (${at(kept)}) are ${t.year} targets of the same indicator; reports and checks use the latter only. If the former is meant, correct the documents and import again`,
  };
}
