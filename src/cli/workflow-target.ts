/**
 * What the workflow commands (submit, status, approve, return) share: the store to talk to
 * (--server/--token or PLANBOOK_SERVER/PLANBOOK_TOKEN, as push and report take them), the plan
 * (--plan-id or PLANBOOK_PLAN, else the store's only plan), the submission a command acts on
 * (a workbook's identity or --unit/--period/--form), and the words for findings a submit needs
 * dealt with. Every refusal is bilingual; the exit code is decided by the command.
 */
import { resolve } from 'node:path';
import type { CliIO } from './command';
import { UsageError } from './args';
import { StoreClient } from './xlsx-remote';
import { PlanbookError } from '../model/errors';
import { SEVERITY_LABELS, type Finding } from '../model/finding';
import { parsePeriod } from '../model/period';
import { FORM_LABELS, WORKFLOW_STATE_LABELS, parseFieldPath, type FormId, type SubmissionKey, type WorkflowState } from '../model/submission';
import { XlsxWorkbook } from '../hosts/xlsx/port';
import { loadWorkbook, maxBytesFromEnv } from '../hosts/xlsx/file';
import { readIdentity } from '../template/read-back';

/** The options every workflow command takes. */
export const CONNECT_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'plan-id': { type: 'string' },
} as const;

/** The options that name a submission without a workbook. */
export const KEY_OPTIONS = {
  unit: { type: 'string' },
  period: { type: 'string' },
  form: { type: 'string' },
} as const;

export const CONNECT_HELP = `  --server URL     服务器地址（也可用 PLANBOOK_SERVER）/ store URL (or PLANBOOK_SERVER)
  --token T        令牌（也可用 PLANBOOK_TOKEN）/ token (or PLANBOOK_TOKEN)
  --plan-id ID     计划编号（也可用 PLANBOOK_PLAN；服务器只有一个计划时可省略）/ the plan's id (or PLANBOOK_PLAN; optional when the store holds one plan)`;

/** The client for --server/--token (or the environment); a usage error names what is missing. */
export function connect(v: { server?: string; token?: string }, io: CliIO): StoreClient {
  const server = v.server ?? io.env.PLANBOOK_SERVER;
  const token = v.token ?? io.env.PLANBOOK_TOKEN;
  if (!server) throw new UsageError('缺少 --server（或环境变量 PLANBOOK_SERVER）', 'Missing --server (or PLANBOOK_SERVER)');
  if (!token) throw new UsageError('缺少 --token（或环境变量 PLANBOOK_TOKEN）', 'Missing --token (or PLANBOOK_TOKEN)');
  return new StoreClient(server, token);
}

/** --plan-id, PLANBOOK_PLAN, or the store's only plan; several plans and no choice is a usage error listing them. */
export async function planId(client: StoreClient, given: string | undefined, io: CliIO): Promise<string> {
  const id = given ?? io.env.PLANBOOK_PLAN;
  if (id) return id;
  const plans = await client.sync.plans();
  if (plans.length === 1) return plans[0]!.id;
  const names = plans.map((p) => p.id).join('、') || '（无 none）';
  throw new UsageError(`请用 --plan-id 指定计划；服务器上有：${names}`, `Name the plan with --plan-id; the store holds: ${names}`);
}

function checkForm(form: string): FormId {
  if (form in FORM_LABELS) return form as FormId;
  throw new UsageError(`--form “${form}”不是表名；请写 indicators（月度指标表）或 tasks（重点任务进展表）`, `--form "${form}" is not a form; write indicators or tasks`);
}

/**
 * The submission a command acts on: the workbook's identity (plan, unit, period, form) when a file
 * is named, else --unit/--period/--form with the plan from planId. Throws a UsageError for a
 * missing or malformed option, a PlanbookError (BAD_WORKBOOK …) for a file that is not a planbook form.
 */
export async function targetKey(client: StoreClient, files: string[], v: { unit?: string; period?: string; form?: string; 'plan-id'?: string }, io: CliIO): Promise<SubmissionKey> {
  if (files.length > 1) throw new UsageError('一次只能指定一个工作簿', 'Name one workbook at a time');
  if (files.length === 1) {
    if (v.unit || v.period || v.form) throw new UsageError('指定了工作簿时不要再给 --unit/--period/--form：工作簿自己知道', 'With a workbook, leave out --unit/--period/--form: the workbook says them');
    const port = new XlsxWorkbook(await loadWorkbook(resolve(io.cwd, files[0]!), maxBytesFromEnv(io.env)));
    const id = await readIdentity(port);
    if (v['plan-id'] && v['plan-id'] !== id.plan) {
      throw new UsageError(`工作簿属于计划 ${id.plan}，不是 --plan-id ${v['plan-id']}`, `The workbook is of plan ${id.plan}, not --plan-id ${v['plan-id']}`);
    }
    return { plan: id.plan, orgUnit: id.orgUnit, period: id.period, form: id.form };
  }
  const missing = (['unit', 'period', 'form'] as const).filter((k) => !v[k]).map((k) => `--${k}`);
  if (missing.length) throw new UsageError(`请指定工作簿，或给出 ${missing.join(' ')}`, `Name a workbook, or give ${missing.join(' ')}`);
  if (!parsePeriod(v.period!)) throw new UsageError(`--period “${v.period}”不是有效的报告期；请写成 2023-06`, `--period "${v.period}" is not a period; write e.g. 2023-06`);
  return { plan: await planId(client, v['plan-id'], io), orgUnit: v.unit!, period: v.period!, form: checkForm(v.form!) };
}

/** "区财政局 2023-06 月度指标表 / indicators form" */
export function keyText(k: SubmissionKey): string {
  const f = FORM_LABELS[k.form as FormId];
  return `${k.orgUnit} ${k.period} ${f ? `${f.zh} / ${f.en}` : k.form}`;
}

export function stateText(s: WorkflowState): string {
  const l = WORKFLOW_STATE_LABELS[s];
  return `${l.zh} / ${l.en}`;
}

/** The thing a field path names, for a person: the indicator's name or 任务 N. */
function subjectOf(f: Finding): string {
  const p = f.field ? parseFieldPath(f.field) : null;
  if (p) return p.group === 'figures' ? p.key : `任务 task ${p.key}`;
  if (f.subject.kind === 'figure') return f.subject.indicator;
  if (f.subject.kind === 'task') return `任务 task ${f.subject.taskNo}`;
  return '';
}

/** The warnings that still block a submit: not explained. */
export function unexplained(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'warning' && !f.explained);
}

/**
 * Lines for the findings a submit refuses over (errors, unexplained warnings), each saying what to
 * do: fix an error; give a warning its 说明 (the form's 说明 column, or the pane's 填写说明), push,
 * and submit again — the only ways an explanation reaches the store.
 */
export function blockingLines(findings: readonly Finding[], cells?: (f: Finding) => string | null): string[] {
  const out: string[] = [];
  for (const f of findings) {
    if (f.severity === 'info' || (f.severity === 'warning' && f.explained)) continue;
    const where = cells?.(f) ?? '';
    const what = subjectOf(f);
    out.push(`  [${SEVERITY_LABELS[f.severity].zh} ${SEVERITY_LABELS[f.severity].en}] ${where ? where + ' ' : ''}${what}：${f.message.zh}`);
    out.push(`    ${f.message.en}`);
    if (f.severity === 'warning') {
      out.push(`    → 在“${what}”一行的“说明”栏写明原因，planbook push 后再 planbook submit`);
      out.push(`    → write the reason in the 说明 (explanation) column of "${what}", run planbook push, then planbook submit again`);
    } else {
      out.push('    → 修正该数据，planbook push 后再 planbook submit / fix the figure, push, then submit again');
    }
  }
  return out;
}

/** A refused or unreachable store, said in both languages. */
export function refusedText(what: { zh: string; en: string }, e: PlanbookError): string {
  return `✗ ${what.zh} / ${what.en}\n  ${e.zh}\n  ${e.en}`;
}
