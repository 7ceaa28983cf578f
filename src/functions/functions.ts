/**
 * Excel custom functions: =PLANBOOK.TARGET, =PLANBOOK.ACTUAL, =PLANBOOK.PROGRESS. Thin on purpose:
 * each call asks the batcher, which sends one request for all calls of a recalculation.
 * functions.json is generated from the JSDoc tags below at build time (custom-functions-metadata-plugin),
 * which also adds the CustomFunctions.associate calls.
 */
import { answerOf, batcher } from './runtime';
import { readPeriod } from '../model/period';

/**
 * The period as the server wants it, read the way people type it (2023-6, 2023年1-6月, a date cell);
 * a period it cannot read goes as typed, so the server's refusal names it.
 */
function periodArg(period: string | number): string {
  return readPeriod(period)?.period ?? String(period);
}

/**
 * The year's target for an indicator, as the plan states it (a growth rate in %, or an amount).
 * @customfunction TARGET
 * @param indicator The indicator's name, as in the plan (地区生产总值).
 * @param year The plan year (2023).
 * @returns The target value.
 */
export async function target(indicator: string, year: number): Promise<number | string> {
  return answerOf(await batcher().ask({ kind: 'target', indicator, year }));
}

/**
 * The reported figure of an indicator for a period (1-N月累计).
 * @customfunction ACTUAL
 * @param indicator The indicator's name (一般公共预算收入).
 * @param period The period as you write it: 2023-06, 2023-6, 2023年6月, 2023年1-6月, 2023-H1, 2023-Q2, 2023, or a date cell.
 * @returns The figure.
 */
export async function actual(indicator: string, period: string | number): Promise<number | string> {
  return answerOf(await batcher().ask({ kind: 'actual', indicator, period: periodArg(period) }));
}

/**
 * Completion of the annual target in % at a period (完成全年任务的X%).
 * @customfunction PROGRESS
 * @param indicator The indicator's name.
 * @param period The period as you write it: 2023-06, 2023年1-6月, 2023-H1, or a date cell.
 * @returns Completion in %.
 */
export async function progress(indicator: string, period: string | number): Promise<number | string> {
  return answerOf(await batcher().ask({ kind: 'progress', indicator, period: periodArg(period) }));
}
