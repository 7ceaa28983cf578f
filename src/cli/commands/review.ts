/**
 * planbook approve / planbook return: a reviewer's two answers to a submitted form, over the store's
 * workflow calls. The store decides who may (a filler may not) and from which state; its refusal
 * is printed in both languages and nothing changes.
 */
import type { Command, CliIO } from '../command';
import { EXIT } from '../command';
import { parse, UsageError } from '../args';
import { isPlanbookError } from '../../model/errors';
import type { Submission, SubmissionKey } from '../../model/submission';
import type { StoreClient } from '../xlsx-remote';
import { CONNECT_HELP, CONNECT_OPTIONS, KEY_OPTIONS, connect, keyText, refusedText, stateText, targetKey } from '../workflow-target';

const EXIT_HELP = `退出码 Exit: 0 完成 done · 2 用法 usage · 3 文件无法读取 unreadable file · 4 服务器拒绝或无法连接 server refused/unreachable`;

async function act(
  argv: string[],
  io: CliIO,
  withReason: boolean,
  verb: { zh: string; en: string; failed: string },
  call: (c: StoreClient, k: SubmissionKey, rev: number, reason: string) => Promise<Submission>,
): Promise<number> {
  const options = withReason ? ({ ...CONNECT_OPTIONS, ...KEY_OPTIONS, reason: { type: 'string' } } as const) : { ...CONNECT_OPTIONS, ...KEY_OPTIONS };
  const { values: v, positionals: files } = parse(argv, options);
  const reason = ((v as { reason?: string }).reason ?? '').trim();
  if (withReason && !reason) throw new UsageError('退回需要 --reason "原因"，填报单位会看到它', 'Returning needs --reason "…": the unit will read it');
  const client = connect(v, io);
  const key = await targetKey(client, files, v, io);
  try {
    const pulled = await client.sync.pull(key);
    const s = await call(client, key, pulled.rev, reason);
    io.out(`✓ ${keyText(key)}：${verb.zh}（${stateText(s.state)}）/ ${verb.en}`);
    return EXIT.OK;
  } catch (e) {
    if (!isPlanbookError(e)) throw e;
    io.err(refusedText({ zh: `${keyText(key)}：${verb.failed}`, en: `not ${verb.en}` }, e));
    return EXIT.REMOTE;
  }
}

export const approve: Command = {
  name: 'approve',
  summary: { zh: '审核通过（审核人）', en: 'Approve a submission (reviewers)' },
  help: `planbook approve —— 审核通过已上报的报表 / Approve a submitted form

用法 / Usage:
  planbook approve --unit U --period P --form indicators|tasks --server URL --token TOKEN [--plan-id ID]
  planbook approve FILE.xlsx --server URL --token TOKEN

${CONNECT_HELP}

只有审核人可以审核通过，且只能通过已上报的报表。/ Only reviewers approve, and only submitted forms.

${EXIT_HELP}`,
  run: (argv, io) => act(argv, io, false, { zh: '已审核通过', en: 'approved', failed: '未能审核通过' }, (c, k, rev) => c.sync.approve(k, rev)),
};

export const returnCmd: Command = {
  name: 'return',
  summary: { zh: '退回修改（审核人）', en: 'Return a submission with a reason (reviewers)' },
  help: `planbook return —— 退回已上报的报表并说明原因 / Return a submitted form with a reason

用法 / Usage:
  planbook return --unit U --period P --form indicators|tasks --reason "原因" --server URL --token TOKEN [--plan-id ID]
  planbook return FILE.xlsx --reason "原因" --server URL --token TOKEN

${CONNECT_HELP}
  --reason TEXT    退回原因（必填），填报单位在 planbook status 和任务窗格中看到 / the reason (required); the unit sees it in planbook status and the task pane

${EXIT_HELP}`,
  run: (argv, io) => act(argv, io, true, { zh: '已退回', en: 'returned', failed: '未能退回' }, (c, k, rev, reason) => c.sync.returnSubmission(k, rev, reason)),
};
