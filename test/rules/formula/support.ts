/**
 * The data the 审核公式 tests judge: the 2023 plan the importer makes of seed 003, and the H1 2023
 * figures of the Tongzhou documents (test/fixtures/figures/tongzhou-2023-h1.csv), with earlier months
 * and last year as history where a test needs them.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkFigures, loadDefaultCatalog, readFiguresCsv } from '../../../src/rules';
import type { Finding } from '../../../src/model/finding';
import type { Figure, TaskProgress } from '../../../src/model/submission';
import type { FormulaRuleDef } from '../../../src/rules/formula';
import type { RuleSet } from '../../../src/rules';
import { seedPlan2023, FIXTURES_DIR } from '../../support/seed-plan';

export const catalog = loadDefaultCatalog();
export const plan = seedPlan2023();

function csv(): Figure[] {
  const read = readFiguresCsv(readFileSync(path.join(FIXTURES_DIR, 'figures/tongzhou-2023-h1.csv'), 'utf8'));
  if (read.findings.length > 0) throw new Error(read.findings.map((f) => f.message.en).join('; '));
  return read.items;
}

/** The 12 figures of H1 2023 as published in the seed documents: the forms checked. */
export function h1Figures(): Figure[] {
  return csv().filter((x) => x.period === '2023-06');
}

/** 一般公共预算收入 2022 (89.43, the full year, from the same CSV): always history, never checked. */
export function lastYear(): Figure[] {
  return csv().filter((x) => x.period === '2022');
}

export function f(unit: string, indicator: string, period: string, value: Figure['value'], growth: Figure['growth'] = null, extra: Partial<Figure> = {}): Figure {
  return { orgUnit: unit, indicator, period, value, growth, sameLastYear: null, note: '', ...extra };
}

export function tp(unit: string, taskNo: number, period: string, status: string | null, progress: number | null, note = ''): TaskProgress {
  return { orgUnit: unit, taskNo, period, status, progress, text: '', note };
}

export interface Run {
  figures?: Figure[];
  history?: Figure[];
  tasks?: TaskProgress[];
  taskHistory?: TaskProgress[];
  builtIn?: RuleSet['rules'];
  form?: string;
}

/** Every finding of a check with only these formula rules (and, when given, built-in rules). */
export function check(formulas: FormulaRuleDef[], run: Run = {}): Finding[] {
  return checkFigures({
    plan,
    catalog,
    rules: { version: 'test', rules: run.builtIn ?? [], formulas },
    figures: run.figures ?? h1Figures(),
    history: [...lastYear(), ...(run.history ?? [])],
    tasks: run.tasks,
    taskHistory: run.taskHistory,
    form: run.form,
  });
}

/** The findings of one formula written as rule 'f' (severity error unless given). */
export function judge(formula: string, run: Run = {}, extra: Partial<FormulaRuleDef> = {}): Finding[] {
  return check([{ id: 'f', formula, severity: 'error', ...extra }], run).filter((x) => x.rule === 'f');
}

/** Whether formula 'f' fires (an error-level finding) anywhere. */
export function fires(formula: string, run: Run = {}, extra: Partial<FormulaRuleDef> = {}): boolean {
  const found = judge(formula, run, extra);
  const broken = found.filter((x) => x.severity === 'info');
  if (broken.length > 0) throw new Error(`formula did not run: ${broken.map((b) => b.message.en).join('; ')}`);
  return found.length > 0;
}
