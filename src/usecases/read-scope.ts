/**
 * What a caller who may not read every unit gets (issue 10, F2.1). A filler reads only its own
 * units' submissions (store/access.ts), so a district figure built from what it can read is not the
 * district's: the responsible unit's submitted figure is missing, and a published figure of another
 * period would stand in for it. Decided once here, for the report, the pane's report and the custom
 * functions alike: an indicator whose figure may come from a unit the caller cannot read is shown as
 * 无权查看 with no number and a bilingual note naming that unit — never a number a reviewer would not see.
 * An indicator whose plan-year targets name no unit may be stood for by any unit, so it is hidden too.
 */
import type { Bilingual } from '../model/i18n';
import type { Plan } from '../model/plan';
import type { Catalog } from '../rules/catalog';
import { responsibleUnits } from './counted-figures';

/** Whose submissions the caller may read: every unit's (a reviewer, an admin, a file on disk), or only these units' (a filler's). */
export type ReadScope = { all: true } | { all: false; units: readonly string[] };

export const EVERY_UNIT: ReadScope = { all: true };

/** The scope of a store user: a filler reads its own units, a reviewer or an admin every unit (the rule of store/access.ts canReadUnit). */
export function readScopeOf(p: { role: string; units: readonly string[] }): ReadScope {
  return p.role === 'filler' ? { all: false, units: [...p.units] } : EVERY_UNIT;
}

export function inScope(scope: ReadScope, orgUnit: string): boolean {
  return scope.all || scope.units.includes(orgUnit);
}

export interface HiddenFigure {
  /** The units standing for the indicator whose submissions the caller may not read; null: any unit may stand for it. */
  units: readonly string[] | null;
  /** Why no figure is shown and what to do, for the custom functions' cell and the report's notice. */
  message: Bilingual;
}

const own = (scope: ReadScope): string => (scope.all ? '' : scope.units.join('、'));

/** For each indicator: null when the caller sees the figure a reviewer sees; else why it is hidden. */
export function hiddenFigures(plan: Plan, catalog: Catalog, scope: ReadScope): (indicator: string) => HiddenFigure | null {
  if (scope.all) return () => null;
  const responsible = responsibleUnits(plan, catalog);
  const mine = own(scope) || '（无）';
  return (indicator) => {
    const who = responsible(indicator);
    if (who === null) {
      return {
        units: null,
        message: {
          zh: `“${indicator}”在计划中未指定填报单位，任一单位的报送都可能计入全区数；您只能查看${mine}的报送，因此不显示全区数（无权查看）。全区数请向审核人索取`,
          en: `"${indicator}" names no reporting unit in the plan, so any unit's submission may count as the district's figure; you may read only ${mine}'s submissions, so the district's figure is not shown (not readable). Ask a reviewer for it`,
        },
      };
    }
    const hidden = [...who].filter((u) => !inScope(scope, u));
    if (hidden.length === 0) return null;
    return {
      units: hidden,
      message: {
        zh: `“${indicator}”由${hidden.join('、')}填报，您（只能查看${mine}的报送）无权查看其报送数，因此不显示全区数。全区数请向审核人索取`,
        en: `"${indicator}" is reported by ${hidden.join(', ')}, whose submissions you may not read (you read ${mine} only), so the district's figure is not shown. Ask a reviewer for it`,
      },
    };
  };
}

/**
 * The report's notice for a caller who may not read every unit, naming the rows shown as 无权查看
 * (indicator and unit); none for a caller who reads every unit.
 */
export function scopeNotice(scope: ReadScope, hidden: readonly { indicator: string; units: readonly string[] | null }[]): Bilingual | null {
  if (scope.all) return null;
  const mine = own(scope) || '（无）';
  const zhRows = hidden.map((h) => `${h.indicator}（${h.units ? h.units.join('、') : '未指定单位'}）`).join('、');
  const enRows = hidden.map((h) => `${h.indicator} (${h.units ? h.units.join(', ') : 'no unit named'})`).join('; ');
  return {
    zh:
      `注意：您只能查看${mine}的报送，本报表不是全区的完整数据。` +
      (hidden.length > 0 ? `以下 ${hidden.length} 个指标由其他单位填报，表中标为“无权查看”，不显示数值：${zhRows}。` : '') +
      '报送情况表中其他单位的状态标为“无权查看”，重点任务表只含本单位的进展。全区报表请向审核人索取',
    en:
      `Note: you may read only ${mine}'s submissions, so this is not the district's complete report.` +
      (hidden.length > 0 ? ` ${hidden.length} indicators are reported by other units and are shown as "not readable", with no figure: ${enRows}.` : '') +
      ` Other units' submission states are shown as "not readable", and the task tables hold your units' progress only. Ask a reviewer for the district's report`,
  };
}
