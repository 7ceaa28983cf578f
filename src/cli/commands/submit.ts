/**
 * planbook submit: sends a pushed submission for review through the store's own checks (the same
 * as the pane's 上报). A refusal over findings lists each error and each unexplained warning with
 * what to do about it (a warning needs its 说明); nothing changes state unless the store accepts.
 */
import type { Command } from '../command';
import { EXIT } from '../command';
import { parse } from '../args';
import { resolve } from 'node:path';
import { isPlanbookError } from '../../model/errors';
import { diffData } from '../../sync/diff';
import { readBack, readIdentity } from '../../template/read-back';
import { XlsxWorkbook } from '../../hosts/xlsx/port';
import { loadWorkbook, maxBytesFromEnv } from '../../hosts/xlsx/file';
import { loadSpec, templatesDir } from '../../hosts/xlsx/templates';
import type { SubmissionData } from '../../model/submission';
import type { CliIO } from '../command';
import { CONNECT_HELP, CONNECT_OPTIONS, KEY_OPTIONS, blockingLines, connect, keyText, refusedText, stateText, targetKey } from '../workflow-target';

const HELP = `planbook submit —— 上报，等待区级审核 / Submit for the district's review

用法 / Usage:
  planbook submit FILE.xlsx --server URL --token TOKEN      （工作簿须已推送 / the workbook must be pushed）
  planbook submit --unit U --period P --form indicators|tasks --server URL --token TOKEN [--plan-id ID]

${CONNECT_HELP}
  --unit U --period P --form F   不给工作簿时指定报表 / name the submission when no workbook is given

上报的是服务器上已推送的数据（先 planbook push）。服务器按与任务窗格相同的审核规则检查：有错误或有未填写“说明”的
警告时不予上报，并逐条说明如何处理。
What goes up is what was pushed (run planbook push first). The store runs the same checks as the task pane:
errors, or warnings without a 说明 (explanation), refuse the submit, and each is listed with what to do.

退出码 Exit: 0 已上报 submitted · 1 未通过审核，或尚未推送 checks refused, or not pushed yet · 2 用法 usage · 3 文件无法读取 unreadable file ·
             4 服务器拒绝或无法连接 server refused/unreachable`;

/** The values a workbook holds, read back as push reads them. */
async function workbookData(file: string, io: CliIO): Promise<SubmissionData> {
  const port = new XlsxWorkbook(await loadWorkbook(resolve(io.cwd, file), maxBytesFromEnv(io.env)));
  const spec = await loadSpec((await readIdentity(port)).template, templatesDir(io.env));
  return (await readBack(port, spec, {})).data;
}

export const submit: Command = {
  name: 'submit',
  summary: { zh: '上报，等待审核', en: 'Submit for review' },
  help: HELP,
  async run(argv, io) {
    const { values: v, positionals: files } = parse(argv, { ...CONNECT_OPTIONS, ...KEY_OPTIONS });
    const client = connect(v, io);
    const key = await targetKey(client, files, v, io);
    const what = { zh: `${keyText(key)}：未上报`, en: 'not submitted' };
    try {
      const pulled = await client.sync.pull(key);
      if (pulled.rev === 0) {
        // The store answers an unwritten form as an empty draft and would take it: a submit of nothing is never meant.
        io.err(`✗ ${what.zh} / ${what.en}\n  服务器上还没有这份报表的数据：请先 planbook push 填好的工作簿\n  The store holds nothing for this form yet: planbook push the filled workbook first`);
        return EXIT.FINDINGS;
      }
      if (files.length === 1) {
        // Submitting a workbook means submitting what it holds: changes not yet pushed would not go up.
        const unsent = diffData(pulled.pulled, await workbookData(files[0]!, io)).length;
        if (unsent > 0) {
          io.err(
            `✗ ${what.zh} / ${what.en}\n  工作簿中有 ${unsent} 处修改尚未推送；请先 planbook push ${files[0]}，再上报\n  The workbook holds ${unsent} change(s) not pushed yet; run planbook push ${files[0]} first, then submit`,
          );
          return EXIT.FINDINGS;
        }
      }
      const r = await client.sync.submit(key, pulled.rev);
      if (r.ok) {
        io.out(`✓ ${keyText(key)}：已上报，等待区级审核（${stateText(r.submission.state)}，版本 revision ${r.submission.rev}）/ submitted; waiting for the district's review`);
        return EXIT.OK;
      }
      io.err([`✗ ${what.zh} / ${what.en}`, `  ${r.error.zh}`, `  ${r.error.en}`, ...blockingLines(r.findings)].join('\n'));
      return EXIT.FINDINGS;
    } catch (e) {
      if (!isPlanbookError(e)) throw e;
      io.err(refusedText(what, e));
      return EXIT.REMOTE;
    }
  },
};
