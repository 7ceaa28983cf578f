/**
 * planbook push: sends a filled workbook's edits to the store as field edits against the revision it
 * was filled from. A workbook with errors sends nothing; a conflict sends nothing and lists every
 * field with its base, their value and yours, so no one's newer value is overwritten unseen.
 */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import type { FieldValue, SubmissionData } from '../../model/submission';
import type { Bilingual } from '../../model/i18n';
import { rebaseOps } from '../../template/rebase';
import { saveWorkbook } from '../../hosts/xlsx/file';
import { fieldCell } from '../../template/annotate';
import { resolveLayout } from '../../template/layout';
import { XlsxWorkbook } from '../../hosts/xlsx/port';
import { hasErrors, inspectWorkbook, isInputError } from '../xlsx-check';
import { StoreClient, type PatchOutcome } from '../xlsx-remote';
import { isPlanbookError } from '../../model/errors';
import { blockingLines, unexplained } from '../workflow-target';
import type { CellFinding, Inspection } from '../xlsx-check';

const HELP = `planbook push —— 把填好的工作簿推送到服务器 / Push filled workbooks to the store

用法 / Usage:
  planbook push FILE.xlsx… --server URL --token TOKEN

  --server URL     服务器地址（也可用 PLANBOOK_SERVER）/ store URL (or PLANBOOK_SERVER)
  --token T        令牌（也可用 PLANBOOK_TOKEN）/ token (or PLANBOOK_TOKEN)
  --today DATE     判断任务逾期的日期 / the date overdue tasks are judged on
  --templates DIR  模板目录 / template folder

先审核：有错误的工作簿不推送。只推送与生成时不同的单元格；若他人已改过同一字段，列出冲突且不做任何修改。
Checks first: a workbook with errors is not pushed. Only cells changed since the workbook was filled are
sent; if someone else changed the same field meanwhile, the conflicts are listed and nothing is changed.
推送后列出仍未填写说明的警告（上报前须说明）。/ After a push, the warnings still without a 说明 are listed: submit will need them.

退出码 Exit: 0 已推送 pushed · 1 工作簿有错误 errors · 2 用法 usage · 3 文件无法读取 unreadable file ·
             4 服务器拒绝或无法连接 server refused/unreachable · 5 有冲突 conflicts`;

const OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  today: { type: 'string' },
  templates: { type: 'string' },
} as const;

/** What submit will still need after this push: each unexplained warning, with its cell and how to explain it. */
function stillNeeded(findings: readonly CellFinding[]): string | null {
  const open = unexplained(findings) as CellFinding[];
  if (open.length === 0) return null;
  return [
    `  ! ${open.length} 条警告尚未填写说明：上报（planbook submit）前须逐条说明 / ${open.length} warning(s) still unexplained: planbook submit will need a 说明 for each`,
    ...blockingLines(open, (f) => (f as CellFinding).cell),
  ].join('\n');
}

/**
 * After a push the workbook's base is what the server now holds (src/template/rebase.ts, as the add-in
 * does): a later correction of a pushed cell is an ordinary edit from this revision, not a conflict with
 * "someone else" over the fill-time base, and cells others changed meanwhile show their merged value.
 * The push has happened whatever this answers: a workbook that cannot be rewritten (open in Excel, say)
 * gets a warning with what to do, never a failed push. Returns that warning, or null when the base moved.
 */
async function moveBase(i: Inspection, file: string, data: SubmissionData, rev: number): Promise<Bilingual | null> {
  const r = rebaseOps(i.spec!, i.result!, resolveLayout(i.spec!, await new XlsxWorkbook(i.workbook!).describe()).letters, data, rev);
  const stale = (why: Bilingual): Bilingual => ({
    zh: `工作簿未更新为服务器版本 ${rev}（${why.zh}）；再改此工作簿会被当作冲突，请用 planbook fill --server … 重新生成后再改`,
    en: `the workbook was not moved to server revision ${rev} (${why.en}); further edits in it would be taken for conflicts, so fill a fresh one with planbook fill --server … before changing anything`,
  });
  if (!r) return stale({ zh: '其身份信息超出原有行数', en: 'its identity no longer fits its rows' });
  try {
    await new XlsxWorkbook(i.workbook!).write(r.ops);
    // The workbook the user pushed is rewritten in place: replacing it is the point, so no --force.
    await saveWorkbook(i.workbook!, file, { force: true });
    return null;
  } catch (e) {
    if (!isPlanbookError(e)) throw e;
    return stale({ zh: e.zh, en: e.en });
  }
}

function show(v: FieldValue | undefined): string {
  return v === null || v === undefined || v === '' ? '（空 empty）' : String(v);
}

export const push: Command = {
  name: 'push',
  summary: { zh: '推送工作簿到服务器', en: 'Push workbooks to the store' },
  help: HELP,
  async run(argv, io) {
    const { values: v, positionals: files } = parse(argv, OPTIONS);
    if (files.length === 0) throw new UsageError('请指定要推送的 .xlsx 文件', 'Name the .xlsx files to push');
    const server = v.server ?? io.env.PLANBOOK_SERVER;
    const token = v.token ?? io.env.PLANBOOK_TOKEN;
    if (!server) throw new UsageError('缺少 --server', 'Missing --server');
    if (!token) throw new UsageError('缺少 --token（或环境变量 PLANBOOK_TOKEN）', 'Missing --token (or PLANBOOK_TOKEN)');
    const client = new StoreClient(server, token);
    const codes: number[] = [];
    for (const f of files) {
      // The same checks as the server's submit: the store's plan and the stored earlier figures.
      const i = await inspectWorkbook(resolve(io.cwd, f), { store: client, today: v.today, templates: v.templates ? resolve(io.cwd, v.templates) : undefined, env: io.env });
      if (i.error) {
        io.err(`✗ ${f}：未推送 / not pushed\n  错误：${i.error.zh}\n  Error: ${i.error.en}`);
        codes.push(isInputError(i.error) ? EXIT.BAD_INPUT : EXIT.REMOTE);
        continue;
      }
      if (hasErrors(i)) {
        io.err(`✗ ${f}：有 ${i.findings.filter((x) => x.severity === 'error').length} 处错误，未推送；请先用 planbook check 查看并修正 / has errors, not pushed; see planbook check`);
        for (const x of i.findings.filter((y) => y.severity === 'error')) io.err(`  ${x.cell ?? ''} ${x.message.zh}\n  ${x.cell ?? ''} ${x.message.en}`);
        codes.push(EXIT.FINDINGS);
        continue;
      }
      const r = i.result!;
      if (r.edits.length === 0) {
        io.out(`= ${f}：与生成时相比没有改动，无需推送 / nothing changed since it was filled; nothing to push`);
        const need = stillNeeded(i.findings);
        if (need) io.out(need);
        codes.push(EXIT.OK);
        continue;
      }
      let outcome: PatchOutcome;
      try {
        outcome = await client.patch(r.key, { baseRev: r.identity.baseRev, edits: r.edits });
      } catch (e) {
        if (!isPlanbookError(e)) throw e;
        io.err(`✗ ${f}：未推送 / not pushed\n  ${e.zh}\n  ${e.en}`);
        codes.push(EXIT.REMOTE);
        continue;
      }
      if (outcome.ok) {
        const merged = outcome.body.merged.length ? `；合并了他人的 ${outcome.body.merged.length} 处修改 / merged ${outcome.body.merged.length} changes by others` : '';
        io.out(`✓ ${f}：已推送 ${r.edits.length} 处修改，服务器版本 ${outcome.body.rev}${merged} / pushed ${r.edits.length} changes, now at revision ${outcome.body.rev}`);
        const moved = await moveBase(i, resolve(io.cwd, f), outcome.body.submission.data, outcome.body.rev);
        if (moved) io.err(`  ! ${moved.zh}\n  ! ${moved.en}`);
        const need = stillNeeded(i.findings);
        io.out(need ?? '  可以上报：planbook submit / ready to submit: planbook submit');
        codes.push(EXIT.OK);
        continue;
      }
      const layout = resolveLayout(i.spec!, await new XlsxWorkbook(i.workbook!).describe());
      const lines = [
        `✗ ${f}：${outcome.conflict.conflicts.length} 个字段与他人在服务器上的修改冲突，未做任何修改（服务器版本 ${outcome.conflict.rev}）`,
        `  ${outcome.conflict.conflicts.length} field(s) conflict with changes made on the server by someone else; nothing was changed (server revision ${outcome.conflict.rev})`,
        '  单元格 cell | 字段 field | 生成时 base | 服务器 theirs | 您的 yours',
      ];
      for (const c of outcome.conflict.conflicts) {
        const cell = fieldCell(i.spec!, r.identity, layout.letters, c.field)?.address ?? '';
        lines.push(`  ${cell} | ${c.field} | ${show(c.pulled)} | ${show(c.theirs)} | ${show(c.yours)}`);
      }
      lines.push('  请重新生成工作簿（planbook fill --server …）获取最新数据，再填入您的修改 / fill a fresh workbook from the server and enter your changes again');
      io.err(lines.join('\n'));
      codes.push(EXIT.CONFLICT);
    }
    // The most serious outcome decides the exit code: conflicts, then server, bad input, findings.
    for (const c of [EXIT.CONFLICT, EXIT.REMOTE, EXIT.BAD_INPUT, EXIT.FINDINGS]) if (codes.includes(c)) return c;
    return EXIT.OK;
  },
};
