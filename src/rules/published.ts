/**
 * The plan documents' own figures (Plan.actuals: a 统计公报, a plan report's "促进城乡劳动力就业2.2万人")
 * in the indicator's 计量单位. Documents state a figure in whatever unit reads well (2.2万人, 94.11亿元),
 * while the catalog, the targets' amounts and the units' forms use one unit per indicator (人, 亿元);
 * comparing 2.2 with 15000 turns a 146.7 % year into 0 %. Every reader of published figures (the
 * report's history and counted figures, the plan's size references, the custom functions) takes
 * them from here, so the conversion is made once, with rules/units.ts.
 */
import type { Bilingual } from '../model/i18n';
import type { Actual, Plan } from '../model/plan';
import { indexCatalog, type Catalog, type CatalogIndex } from './catalog';
import { unitFactor } from './units';

export interface PublishedUnitProblem {
  actual: Actual;
  /** The indicator's 计量单位 the figure could not be converted into. */
  measureUnit: string;
  message: Bilingual;
}

export interface PublishedInUnits {
  /** Every actual of the plan, in order; `value` and `measureUnit` in the indicator's 计量单位, or `value` null when it could not be converted. */
  actuals: Actual[];
  problems: PublishedUnitProblem[];
}

/**
 * The indicator's 计量单位: the catalog entry's unit; for an indicator the catalog does not know, the
 * unit of its level or rate targets (what the report row shows), else '' (the figure keeps its own).
 */
export function indicatorMeasureUnit(cat: CatalogIndex, plan: Pick<Plan, 'targets'>, indicator: string): string {
  const d = cat.resolve(indicator);
  if (d && d.measureUnit !== '') return d.measureUnit;
  const t = plan.targets.find((x) => x.indicator === indicator && (x.measure === 'level' || x.measure === 'rate') && x.measureUnit !== '');
  return t ? t.measureUnit : '';
}

/** Keeps 2.2 × 10^4 = 22000, not 22000.000000000004, so printed figures and equality checks stay exact. */
const tidy = (n: number): number => Number.parseFloat(n.toPrecision(12));

/**
 * The plan's actual figures with each value converted into its indicator's unit (万人 → 人 × 10^4,
 * 亿元 → 万元 × 10^4, 万吨 → 吨 …). A figure stated without a unit, or with the indicator's own, is kept.
 * A value in a unit that does not convert (亿元 for a 人 indicator, % for a 亿元 one) is never
 * compared: its value becomes null (its growth, a %, stays) and a problem says which figure and why.
 * Growth rates are % in every unit and are not touched. Pure; the plan is not changed.
 */
export function publishedInUnits(plan: Pick<Plan, 'actuals' | 'targets'>, catalog: Catalog | CatalogIndex): PublishedInUnits {
  const cat = 'resolve' in catalog ? catalog : indexCatalog(catalog);
  const actuals: Actual[] = [];
  const problems: PublishedUnitProblem[] = [];
  for (const a of plan.actuals) {
    const measureUnit = indicatorMeasureUnit(cat, plan, a.indicator);
    if (a.value === null || measureUnit === '' || a.measureUnit === measureUnit || a.measureUnit === '') {
      actuals.push(measureUnit === '' || a.value === null ? a : { ...a, measureUnit });
      continue;
    }
    const f = unitFactor(a.measureUnit, measureUnit);
    if (f !== null) {
      actuals.push({ ...a, value: tidy(a.value * f), measureUnit });
      continue;
    }
    actuals.push({ ...a, value: null, measureUnit });
    problems.push({
      actual: a,
      measureUnit,
      message: {
        zh: `“${a.indicator}”（${a.period}）公开数据为 ${a.value}${a.measureUnit}，无法换算为该指标的计量单位“${measureUnit}”，未用于报表和审核；请核对文件原文或指标目录中的计量单位`,
        en: `The published figure of "${a.indicator}" (${a.period}) is ${a.value} ${a.measureUnit}, which cannot be converted into the indicator's measure unit "${measureUnit}"; it is not used in reports or checks. Check the document's text or the catalog's unit`,
      },
    });
  }
  return { actuals, problems };
}
