/** Every word the pane shows, in zh-CN and English side by side, so neither can be forgotten. */
import { FORM_LABELS, WORKFLOW_STATE_LABELS } from '../model/submission';
import { SEVERITY_LABELS } from '../model/finding';
import { asHeading, type Bilingual, type Lang } from '../model/i18n';

const m = (zh: string, en: string): Bilingual => ({ zh, en });

export const UI = {
  appTitle: m('计划统计填报', 'planbook'),
  connectTitle: m('连接服务器', 'Connect to the server'),
  server: m('服务器地址', 'Server address'),
  token: m('令牌', 'Token'),
  remember: m('在本机记住令牌', 'Remember the token on this computer'),
  rememberHint: m('公用电脑请勿勾选。自定义函数需要记住令牌才能工作。', 'Leave unticked on a shared computer. Custom functions work only with a remembered token.'),
  connect: m('连接', 'Connect'),
  disconnect: m('断开', 'Disconnect'),
  signedInAs: m('当前用户', 'Signed in as'),
  plan: m('计划', 'Plan'),
  orgUnit: m('填报单位', 'Reporting unit'),
  period: m('报告期', 'Period'),
  form: m('报表', 'Form'),
  pull: m('拉取', 'Pull'),
  check: m('审核', 'Check'),
  push: m('推送', 'Push'),
  submit: m('上报', 'Submit'),
  findings: m('审核结果', 'Findings'),
  noFindings: m('未发现问题，可以上报。', 'No findings: ready to submit.'),
  explain: m('填写说明', 'Explain'),
  explainPlaceholder: m('说明原因，如：受大项目集中入库影响', 'Say why, e.g. a large project was booked this month'),
  save: m('保存说明', 'Save explanation'),
  explained: m('已说明', 'Explained'),
  // The one label of each severity and form (model/finding.ts, model/submission.ts), as the pane heads them.
  error: asHeading(SEVERITY_LABELS.error),
  warning: asHeading(SEVERITY_LABELS.warning),
  info: asHeading(SEVERITY_LABELS.info),
  indicatorsForm: asHeading(FORM_LABELS.indicators),
  tasksForm: asHeading(FORM_LABELS.tasks),
  conflictTitle: m('与他人的修改冲突', 'Conflicts with someone else’s changes'),
  conflictHelp: m('以下单元格您和他人都改过。请逐项选择保留哪个值，然后点击“按所选推送”。', 'You and someone else changed these cells. Choose the value to keep for each, then “Push my choices”.'),
  field: m('字段', 'Field'),
  pulled: m('原值', 'As pulled'),
  theirs: m('他人', 'Theirs'),
  yours: m('您的', 'Yours'),
  keep: m('保留', 'Keep'),
  pushChoices: m('按所选推送', 'Push my choices'),
  cancel: m('取消', 'Cancel'),
  queued: m('条修改等待发送（离线）', 'edit set(s) waiting to be sent (offline)'),
  sendNow: m('立即重试', 'Retry now'),
  review: m('审核各单位', 'Review units'),
  refresh: m('刷新', 'Refresh'),
  insertReport: m('插入区级报表', 'Insert district report'),
  state: m('状态', 'State'),
  updated: m('更新', 'Updated'),
  approve: m('通过', 'Approve'),
  return: m('退回', 'Return'),
  returnReason: m('退回原因', 'Reason for returning'),
  confirmReturn: m('确认退回', 'Return it'),
  noSubmissions: m('该报告期还没有单位填报。', 'No unit has filled this period yet.'),
  working: m('正在处理…', 'Working…'),
  language: m('English', '中文'),
  choosePlan: m('请选择计划', 'Choose a plan'),
  returnedBecause: m('已被退回，原因：', 'Returned, because: '),
} as const;

/** The column each field is typed in, as the form's header says it. */
export const FIELD_LABELS: Record<string, Bilingual> = {
  'figures/value': m('本月止累计', 'Value to date'),
  'figures/growth': m('同比增长%', 'Growth %'),
  'figures/sameLastYear': m('上年同期', 'Same period last year'),
  'figures/note': m('说明', 'Explanation'),
  'tasks/status': m('进展状态', 'Status'),
  'tasks/progress': m('完成%', 'Progress %'),
  'tasks/text': m('进展情况', 'Progress report'),
  'tasks/note': m('说明', 'Explanation'),
};

/** The workflow states' one set of labels (src/model/submission.ts). */
export const STATES: Record<string, Bilingual> = WORKFLOW_STATE_LABELS;

export const NOTICES = {
  connected: (name: string) => m(`已连接，欢迎 ${name}。`, `Connected. Welcome, ${name}.`),
  pulled: (rows: number) => m(`已拉取 ${rows} 行。填写后点击“审核”。`, `Pulled ${rows} rows. Fill them in, then Check.`),
  unpushed: (n: number) =>
    m(`工作簿里有 ${n} 处修改尚未推送，拉取会覆盖它们：请先点击“推送”。工作簿未作任何改动。`, `The workbook has ${n} edit(s) not pushed yet, which a pull would overwrite: Push first. The workbook was left as it was.`),
  /** The verdict is canSubmit's (model/finding.ts), the same words as `planbook check`: may this form go up now. */
  checked: (may: boolean, errors: number, warnings: number) =>
    may
      ? m('审核完成：可以上报（无错误，警告均已说明）。', 'Checked: may be submitted (no errors, every warning explained).')
      : m(
          `审核完成：不能上报——${errors} 个错误，${warnings} 个未说明的警告；请改正错误，并在“说明”栏说明警告。`,
          `Checked: may not be submitted: ${errors} error(s), ${warnings} unexplained warning(s); fix the errors and explain the warnings in the note column.`,
        ),
  /** Check made without the server: which catalog and rules judged, and that the server's submit checks again. */
  checkedOffline: (done: Bilingual, config: Bilingual) =>
    m(`${done.zh}（服务器连不上，离线审核；${config.zh}。上报时服务器会再审核一次。）`, `${done.en} (The server is out of reach: checked offline; ${config.en}. The server checks again on submit.)`),
  explainedSaved: (cell: string) => m(`说明已写入 ${cell}。`, `Explanation written to ${cell}.`),
  nothingToPush: m('没有需要推送的修改。', 'Nothing to push.'),
  pushed: (rev: number, merged: number) =>
    m(`已推送，服务器版本 ${rev}${merged ? `；已合并他人对 ${merged} 个其他单元格的修改` : ''}。`, `Pushed; server revision ${rev}${merged ? `; merged others’ changes to ${merged} other cell(s)` : ''}.`),
  queuedOffline: m(
    '服务器暂时连不上，修改已保存在本机队列中，恢复连接后会自动发送。可以继续填写。',
    'The server cannot be reached; your edits are saved in this computer’s queue and will be sent when it is back. You can keep working.',
  ),
  queueSent: (n: number) => m(`队列中的 ${n} 组修改已发送。`, `Sent ${n} queued edit set(s).`),
  // The states' own labels (model/submission.ts), so the notice says the word the review table shows.
  submitted: m(`${WORKFLOW_STATE_LABELS.submitted.zh}，等待区级审核。`, 'Submitted; waiting for the district’s review.'),
  submitRefused: m('上报未通过审核：请修正错误并为警告填写说明，然后重新推送并上报。', 'The submission did not pass the checks: fix the errors, explain the warnings, push and submit again.'),
  approved: (unit: string) => m(`${WORKFLOW_STATE_LABELS.approved.zh}：${unit} 的报表。`, `Approved ${unit}’s form.`),
  returned: (unit: string) => m(`${WORKFLOW_STATE_LABELS.returned.zh}：${unit} 的报表。`, `Returned ${unit}’s form.`),
  needReason: m('请填写退回原因。', 'Write the reason for returning.'),
  needExplanation: m('请先写下说明。', 'Write the explanation first.'),
  reportInserted: (sheets: string[]) => m(`已插入报表：${sheets.join('、')}。`, `Inserted the report: ${sheets.join(', ')}.`),
  /** A token the server refused, from whichever call: the advice is the same everywhere in the pane. */
  tokenRefused: m(
    '令牌无效、已过期或已被吊销：请向管理员申请新令牌，在“连接”处重新输入；未推送的修改仍保留在本机',
    'The token is invalid, expired or revoked: ask your administrator for a new one and enter it under Connect; unpushed edits stay on this computer',
  ),
  notFilledHere: m('当前工作簿还没有拉取报表：请先选择并点击“拉取”。', 'This workbook holds no form yet: choose one and Pull first.'),
} as const;

export function t(b: Bilingual, lang: Lang): string {
  return lang === 'en' ? b.en : b.zh;
}

/** Office's display language decides: English for any en-*, Chinese otherwise (the users are Chinese statisticians). */
export function langOf(displayLanguage: string | undefined): Lang {
  return displayLanguage && /^en\b/i.test(displayLanguage) ? 'en' : 'zh';
}
