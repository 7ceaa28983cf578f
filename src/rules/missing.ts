/**
 * Required figures that a submission lacks altogether (not just empty cells): the indicators of the
 * plan-year targets the unit is responsible for, due at the submission's period by the catalog's
 * frequency. Off unless a `required` rule sets `"missing": 1`, because the workbook templates already
 * carry a row per indicator and an empty row is caught by the ordinary `required` check.
 */
import type { Plan } from '../model/plan';
import type { Finding } from '../model/finding';
import type { Submission } from '../model/submission';
import { figurePath } from '../model/submission';
import { parsePeriod } from '../model/period';
import { indexCatalog, type Catalog, type Frequency } from './catalog';
import type { RuleSet } from './ruleset';
import { message } from './messages';

function due(frequency: Frequency, endMonth: number): boolean {
  if (frequency === 'monthly') return true;
  if (frequency === 'quarterly') return endMonth % 3 === 0;
  return endMonth === 12;
}

export function missingRequired(plan: Plan, catalog: Catalog, rules: RuleSet, submission: Submission): Finding[] {
  const on = rules.rules.filter((r) => r.kind === 'required' && r.params?.missing === 1);
  if (on.length === 0 || submission.form === 'tasks') return [];
  const p = parsePeriod(submission.period);
  if (!p || p.year !== plan.year) return [];
  const cat = indexCatalog(catalog);
  const present = new Set(Object.keys(submission.data.figures).map((n) => cat.resolve(n)?.name ?? n));
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const t of plan.targets) {
    if (t.year !== plan.year || !t.units.includes(submission.orgUnit)) continue;
    const d = cat.resolve(t.indicator);
    if (!d || seen.has(d.name) || present.has(d.name) || !due(d.frequency, p.endMonth)) continue;
    seen.add(d.name);
    for (const r of on) {
      if (Array.isArray(r.indicators) && !r.indicators.some((n) => cat.resolve(n) === d)) continue;
      out.push({
        rule: r.id,
        severity: r.severity,
        subject: { kind: 'figure', orgUnit: submission.orgUnit, indicator: d.name, period: submission.period },
        field: figurePath(d.name, 'value'),
        message: message('required', { indicator: d.name, period: submission.period }),
        numbers: {},
        explained: false,
      });
    }
  }
  return out;
}
