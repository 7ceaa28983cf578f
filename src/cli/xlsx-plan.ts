/**
 * Where the workbook commands get their plan and catalog: a plan.json, the store, or (for checks)
 * the trimmed plan a filled workbook carries in its identity sheet.
 */
import { readFile } from 'node:fs/promises';
import type { Plan } from '../model/plan';
import { PlanbookError } from '../model/errors';
import { expectKind, PLAN_JSON } from './input-kind';
import { indexCatalog, loadDefaultCatalog } from '../rules';
import type { IndicatorLookup } from '../template/rows';

function isPlan(x: unknown): x is Plan {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return typeof p.id === 'string' && typeof p.year === 'number' && Array.isArray(p.targets) && Array.isArray(p.tasks) && Array.isArray(p.units);
}

/**
 * Reads a plan.json as `planbook import` writes it (a Plan, or { plan, problems }). `shown`: the path as
 * the user typed it. A workbook, CSV or document given as the plan is named as such (exit 3, input-kind.ts).
 */
export async function readPlanFile(file: string, shown = file): Promise<Plan> {
  await expectKind(file, shown, PLAN_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PlanbookError('BAD_DOCUMENT', { zh: `无法读取计划文件 ${file}`, en: `Cannot read the plan file ${file}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new PlanbookError('BAD_DOCUMENT', { zh: `计划文件 ${file} 不是有效的 JSON`, en: `The plan file ${file} is not valid JSON` });
  }
  const plan = isPlan(json) ? json : typeof json === 'object' && json !== null && isPlan((json as { plan?: unknown }).plan) ? (json as { plan: Plan }).plan : null;
  if (!plan) {
    throw new PlanbookError('BAD_DOCUMENT', {
      zh: `${file} 不是计划数据（需要 id、year、targets、tasks、units）；请先用 planbook import 生成`,
      en: `${file} is not plan data (needs id, year, targets, tasks, units); make it with planbook import first`,
    });
  }
  return plan;
}

/** The catalog's unit of measure and decimals for each indicator, for number formats and the 计量单位 column. */
export function catalogLookup(): IndicatorLookup {
  const index = indexCatalog(loadDefaultCatalog());
  return (name) => {
    const d = index.resolve(name);
    return d ? { name: d.name, unit: d.unit, decimals: d.decimals } : undefined;
  };
}
