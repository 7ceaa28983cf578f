import { strict as assert } from 'node:assert';
import { fill } from '../../src/template/fill';
import { annotate, FINDINGS_SHEET } from '../../src/template/annotate';
import { userPart } from '../../src/template/note-mark';
import type { Finding } from '../../src/model/finding';
import { memoryTemplate, smallPlan, specOf } from './fixtures';

const spec = specOf('indicators');
const S = spec.sheet;
const TINT = '#FFF8E1';

const finding = (field: string | null, severity: Finding['severity'], zh: string): Finding => ({
  rule: 'test',
  severity,
  subject: { kind: 'figure', unit: '区发展改革委', indicator: '全社会固定资产投资', period: '2023-06' },
  field,
  message: { zh, en: `en ${zh}` },
  numbers: {},
  explained: false,
});

async function tintedForm() {
  const wb = memoryTemplate(spec);
  await fill(wb, spec, { plan: smallPlan(), unit: '区发展改革委', period: '2023-06', baseRev: 0, filledAt: '2023-07-05T08:00:00Z' });
  // The template's input tint, as the shipped .xlsx has it.
  for (const a of ['D5', 'E5', 'F5', 'H5', 'D6', 'E6', 'F6', 'H6']) wb.cell(S, a).style.fill = TINT;
  return wb;
}

describe('annotate touches only its own marks', () => {
  it('adds a finding to the user’s note, restores the tint when fixed, and leaves no stale note', async () => {
    const wb = await tintedForm();
    wb.cell(S, 'D6').note = '数据来自统计局快报';
    wb.cell(S, 'E5').note = '上年数已核对';
    await annotate(wb, spec, [finding('figures/全社会固定资产投资/value', 'error', '累计值下降'), finding(null, 'warning', '整行提示')]);
    assert.match(wb.cell(S, 'D6').note!, /^数据来自统计局快报\n[\s\S]*【错误】累计值下降/);
    assert.equal(wb.cell(S, 'D6').style.fill, '#FFC7CE');
    assert.equal(wb.cell(S, 'D5').style.fill, TINT, 'other input cells keep their tint');
    assert.equal(wb.cell(S, 'E5').note, '上年数已核对', 'a note on a cell without findings is untouched');

    // The value is fixed and the check run again: the mark goes, the user's note and the tint stay.
    await annotate(wb, spec, [finding('figures/全社会固定资产投资/growth', 'warning', '增速与数值不符')]);
    assert.equal(wb.cell(S, 'D6').note, '数据来自统计局快报');
    assert.equal(wb.cell(S, 'D6').style.fill, TINT);
    assert.equal(wb.cell(S, 'A6').note, null, 'the row-level finding’s note is gone');
    assert.equal(wb.cell(S, 'F6').style.fill, '#FFEB9C');
    assert.equal(userPart(wb.cell(S, 'F6').note), '');

    await annotate(wb, spec, []);
    for (const a of ['D5', 'E5', 'F5', 'H5', 'D6', 'E6', 'F6', 'H6']) assert.equal(wb.cell(S, a).style.fill, TINT, a);
    assert.equal(wb.cell(S, 'F6').note, null);
    assert.equal(wb.cell(S, 'E5').note, '上年数已核对');
  });

  it('gives the findings sheet column widths, wrapped text and a one-page-wide print', async () => {
    const wb = await tintedForm();
    await annotate(wb, spec, [finding('figures/全社会固定资产投资/value', 'error', '累计值下降')]);
    const layout = wb.sheet(FINDINGS_SHEET).layout!;
    assert.ok(layout.widths[4]! >= 40 && layout.widths[5]! >= 40, 'the messages have room');
    assert.equal(layout.wrap, 'A1:F2');
  });
});
