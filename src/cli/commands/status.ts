/**
 * planbook status: the submissions the caller may see and where each stands in the workflow —
 * a filler's own units, a reviewer's every unit (the store decides which) — with a returned form's
 * reason, so a unit learns from the command line what the pane would show it.
 */
import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { checkChoice } from '../check-output';
import { isPlanbookError } from '../../model/errors';
import { parsePeriod } from '../../model/period';
import { FORM_LABELS, WORKFLOW_STATE_LABELS, type FormId } from '../../model/submission';
import type { SubmissionSummary } from '../../sync/protocol';
import { rowsToCsv } from '../../report/csv';
import { FORM_STATE_LABELS, expectedForms } from '../../report/submission-status';
import { CONNECT_HELP, CONNECT_OPTIONS, connect, planId, refusedText } from '../workflow-target';

const HELP = `planbook status —— 报送情况 / Where each submission stands

用法 / Usage:
  planbook status --server URL --token TOKEN [--plan-id ID] [--period P] [--format text|json|csv]

${CONNECT_HELP}
  --period P       只看一个报告期，如 2023-06 / one period only
  --format F       text（默认）、json 或 csv / text (default), json or csv

填报人看到自己单位的报表，审核人看到所有单位的（给出 --period 时也列出计划要求而尚未报送的报表）；退回的报表附退回原因。
A filler sees their own units' forms, a reviewer every unit's (with --period, also the forms the plan expects
that no one has started: 未报送 / Missing); a returned form shows the reviewer's reason.

退出码 Exit: 0 完成 done · 2 用法 usage · 4 服务器拒绝或无法连接 server refused/unreachable`;

function formText(form: string, lang: 'zh' | 'en'): string {
  return FORM_LABELS[form as FormId]?.[lang] ?? form;
}

/**
 * Which rule set judged a submission at submit (docs/rules.md): the store's revision, which changes with
 * every publish, and the rule file's own version label, which a district may leave as it is (2023.1
 * through nine revisions), so the revision is what tells them apart. Null before a submit.
 */
export function judgedText(s: Pick<SubmissionSummary, 'judgedBy'>): { zh: string; en: string } | null {
  const j = s.judgedBy;
  if (!j) return null;
  return { zh: `审核规则第${j.rulesRev}版（${j.rulesVersion}）`, en: `rules rev ${j.rulesRev} (${j.rulesVersion})` };
}

function textTable(list: SubmissionSummary[], who: string): string {
  if (list.length === 0) return `${who}：还没有报表 / no submissions yet`;
  const out = [`${who}：${list.length} 份报表 / ${list.length} submission(s)`];
  for (const s of list) {
    const l = WORKFLOW_STATE_LABELS[s.state];
    const j = judgedText(s);
    out.push(`  ${s.orgUnit}  ${s.period}  ${formText(s.form, 'zh')} ${s.form}  ${l.zh} / ${l.en}  版本 rev ${s.rev}  ${s.updatedAt} ${s.updatedBy}${j ? `  ${j.zh} / ${j.en}` : ''}`);
    if (s.state === 'returned' && s.returnReason) out.push(`    退回原因 / reason returned: ${s.returnReason}`);
  }
  return out.join('\n');
}

interface Owed {
  orgUnit: string;
  form: string;
}

/** The forms the plan expects of its units for the period that the store has nothing of (a reviewer's 未报送). */
function owed(expected: Map<string, Set<string>>, list: SubmissionSummary[], period: string): Owed[] {
  const have = new Set(list.filter((s) => s.period === period).map((s) => `${s.orgUnit}|${s.form}`));
  const out: Owed[] = [];
  for (const [unit, forms] of expected) for (const form of forms) if (!have.has(`${unit}|${form}`)) out.push({ orgUnit: unit, form });
  return out;
}

export const status: Command = {
  name: 'status',
  summary: { zh: '报送和审核情况', en: 'Where submissions stand' },
  help: HELP,
  async run(argv, io) {
    const { values: v, positionals } = parse(argv, { ...CONNECT_OPTIONS, period: { type: 'string' }, format: { type: 'string' } });
    if (positionals.length) throw new UsageError(`status 不接受文件参数：${positionals.join(' ')}`, `status takes no file arguments: ${positionals.join(' ')}`);
    const format = checkChoice(v.format, 'format', ['text', 'json', 'csv'] as const, 'text');
    if (v.period !== undefined && !parsePeriod(v.period)) throw new UsageError(`--period “${v.period}”不是有效的报告期；请写成 2023-06`, `--period "${v.period}" is not a period; write e.g. 2023-06`);
    const client = connect(v, io);
    try {
      const me = await client.sync.me();
      const plan = await planId(client, v['plan-id'], io);
      const list = await client.sync.list(plan, v.period);
      // For a reviewer and one period, also the forms the plan expects that nobody has started, as the pane's review table shows them.
      const missing = me.role !== 'filler' && v.period ? owed(expectedForms(await client.getPlan(plan)), list, v.period) : [];
      const M = FORM_STATE_LABELS.missing;
      if (format === 'json') io.out(JSON.stringify({ plan, user: me, submissions: list.map((s) => ({ ...s, stateLabel: WORKFLOW_STATE_LABELS[s.state] })), missing }, null, 2));
      else if (format === 'csv') {
        const header = [
          '填报单位 Unit',
          '报告期 Period',
          '表 Form',
          '状态 State',
          '状态',
          'State',
          '版本 Rev',
          '更新时间 Updated',
          '更新人 By',
          '退回原因 Reason returned',
          '审核规则版本 Rules rev',
          '规则集标签 Rules version',
        ];
        io.out(
          rowsToCsv(header, [
            ...list.map((s) => [
              s.orgUnit,
              s.period,
              s.form,
              s.state,
              WORKFLOW_STATE_LABELS[s.state].zh,
              WORKFLOW_STATE_LABELS[s.state].en,
              s.rev,
              s.updatedAt,
              s.updatedBy,
              s.returnReason ?? '',
              s.judgedBy?.rulesRev ?? null,
              s.judgedBy?.rulesVersion ?? null,
            ]),
            ...missing.map((m) => [m.orgUnit, v.period!, m.form, 'missing', M.zh, M.en, null, null, null, null, null, null]),
          ]),
        );
      } else {
        const who = me.role === 'filler' ? `${me.name}（${me.units.join('、')}）` : `${me.name}（${me.role === 'reviewer' ? '审核人 reviewer' : '管理员 admin'}，所有单位 every unit）`;
        io.out(textTable(list, `${plan} ${who}`));
        if (missing.length) {
          io.out(`${M.zh} / ${M.en}（${missing.length}）：`);
          for (const m of missing) io.out(`  ${m.orgUnit}  ${v.period}  ${formText(m.form, 'zh')} ${m.form}`);
        }
      }
      return EXIT.OK;
    } catch (e) {
      if (!isPlanbookError(e) || e instanceof UsageError) throw e;
      io.err(refusedText({ zh: '无法读取报送情况', en: 'could not read the submissions' }, e));
      return EXIT.REMOTE;
    }
  },
};
