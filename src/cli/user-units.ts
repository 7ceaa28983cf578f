/**
 * Which 填报单位 a filler may be given: the units of the plans the store holds (planUnits: the plan's
 * units and every unit its targets and tasks name). A unit no plan knows (区财政厅 for 区财政局) makes a
 * user who can do nothing — fill says 计划中没有单位 — so `planbook user add` refuses it, naming the
 * nearest unit and the ones that exist. With no plan stored yet there is nothing to check against.
 */
import type { Plan } from '../model/plan';
import { PlanbookError } from '../model/errors';
import { planUnits } from '../template/rows';
import { editDistance } from '../rules/formula/suggest';
import { FileBackend } from '../store/file-backend';

/**
 * The plans of a file backend's data folder, opened read-only as `audit export` does beside a live
 * server (no lock, nothing written; the journal replayed, so a plan posted a moment ago counts). A
 * folder that cannot be read as a store gives no plans: the server reports its damage at start.
 */
export async function filePlans(dataDir: string): Promise<Plan[]> {
  const b = await FileBackend.open({ dir: dataDir, readOnly: true }).catch(() => null);
  if (!b) return [];
  try {
    const docs = await Promise.all((await b.listPlans()).map((p) => b.getPlan(p.id)));
    return docs.flatMap((d) => (d ? [d.value] : []));
  } finally {
    await b.close();
  }
}

/** The unit nearest to `unit` by edit distance, when within a third of its length (at least 1 edit). */
export function nearestUnit(units: readonly string[], unit: string): string | null {
  const limit = Math.max(1, Math.floor(unit.length / 3));
  let best: string | null = null;
  let bestD = limit + 1;
  for (const u of units) {
    const d = editDistance(unit, u, limit);
    if (d < bestD) [best, bestD] = [u, d];
  }
  return best;
}

/**
 * Refuses (VALIDATION, exit 3) the units no stored plan knows, with did-you-mean and the list of units
 * that exist. `plans` empty: every unit passes (the plan may be imported after the users are made).
 */
export function checkUnits(plans: readonly Plan[], units: readonly string[]): void {
  if (plans.length === 0) return;
  const known = [...new Set(plans.flatMap((p) => planUnits(p)))];
  const bad = units.filter((u) => !known.includes(u));
  if (bad.length === 0) return;
  const hints = bad.map((u) => {
    const near = nearestUnit(known, u);
    return near ? { zh: `“${u}”（是否指“${near}”？）`, en: `"${u}" (did you mean "${near}"?)` } : { zh: `“${u}”`, en: `"${u}"` };
  });
  const ids = plans.map((p) => p.id).join(', ');
  throw new PlanbookError('VALIDATION', {
    zh: `计划（${ids}）中没有单位 ${hints.map((h) => h.zh).join('、')}；请改用计划中的单位名称，或先导入含该单位的计划。计划中的单位：${known.join('、')}`,
    en: `The plans (${ids}) have no unit ${hints.map((h) => h.en).join(', ')}; use a unit name as the plan writes it, or import the plan that has it first. Units of the plans: ${known.join(', ')}`,
  });
}
