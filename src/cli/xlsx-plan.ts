/**
 * Where the workbook commands get their plan and catalog: a plan.json, the store, or (for checks)
 * the trimmed plan a filled workbook carries in its identity sheet.
 */
import { readFile } from 'node:fs/promises';
import type { Plan } from '../model/plan';
import { PlanbookError } from '../model/errors';
import { bundledCopy } from '../usecases/bundled-copy';
import { decodeCarried, offlineConfig, type CarriedCopy, type ConfigInUse } from '../usecases/carried';
import { heldSources, type Sources } from '../usecases/sources';
import type { Submission } from '../model/submission';
import { expectKind, PLAN_JSON } from './input-kind';

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

/**
 * The catalog and rules work from a plan file uses: the copy a workbook carries (a pull refreshed it),
 * else the plan file's own copy, else the bundled defaults. `planbook check`, `report --plan` and
 * `fill --plan` all choose here, and print configNote() of the result.
 */
export function planFileConfig(plan: Plan | null, workbook?: CarriedCopy | null): ConfigInUse {
  return offlineConfig(
    [
      { origin: 'workbook', copy: workbook },
      { origin: 'plan-file', copy: plan ? decodeCarried(plan.carried) : null },
    ],
    bundledCopy,
  );
}

/** A plan file's Sources: the plan, the catalog and rules `config` chose, and the submissions held. */
export function planFileSources(plan: Plan, config: ConfigInUse, submissions: readonly Submission[] = [], today?: string): Sources {
  return heldSources({ plan, catalog: config.catalog.value, rules: config.rules.value, submissions, today, revisions: { catalog: config.catalog.rev, rules: config.rules.rev } });
}
