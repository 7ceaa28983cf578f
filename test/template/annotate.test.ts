import { strict as assert } from 'node:assert';
import { fill } from '../../src/template/fill';
import { annotate, FINDINGS_SHEET } from '../../src/template/annotate';
import { userPart } from '../../src/template/note-mark';
import type { Finding } from '../../src/model/finding';
import { memoryTemplate, smallPlan, specOf } from './fixtures';
import { readBack } from '../../src/template/read-back';
import { submissionFigures } from '../../src/model/submission';
import { checkFigures, loadDefaultCatalog } from '../../src/rules';

const spec = specOf('indicators');
const S = spec.sheet;
const TINT = '#FFF8E1';

const finding = (field: string | null, severity: Finding['severity'], zh: string): Finding => ({
  rule: 'test',
  severity,
  subject: { kind: 'figure', orgUnit: '区发展改革委', indicator: '全社会固定资产投资', period: '2023-06' },
  field,
  message: { zh, en: `en ${zh}` },
  numbers: {},
  explained: false,
});

async function tintedForm() {
  const wb = memoryTemplate(spec);
  await fill(wb, spec, { plan: smallPlan(), orgUnit: '区发展改革委', period: '2023-06', baseRev: 0, filledAt: '2023-07-05T08:00:00Z' });
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

describe('annotate marks every cell a 审核公式 finding read', () => {
  it('puts the mark and the rule’s note on both indicators the formula compared, and nowhere else', async () => {
    const wb = await tintedForm();
    wb.type(S, 'D5', 607.6); // 地区生产总值
    wb.type(S, 'D6', 1200); // 全社会固定资产投资: more than the whole GDP, which the rule below forbids
    const back = await readBack(wb, spec);
    const findings = checkFigures({
      plan: smallPlan(),
      catalog: loadDefaultCatalog(),
      rules: { version: 'test', rules: [], formulas: [{ id: 'inv-le-gdp', formula: '[全社会固定资产投资] <= [地区生产总值]', severity: 'error' }] },
      figures: submissionFigures({ ...back.key, data: back.data }),
      form: 'indicators',
    }).filter((f) => f.rule === 'inv-le-gdp');
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.deepEqual(findings[0]!.reads, ['figures/全社会固定资产投资/value', 'figures/地区生产总值/value']);

    await annotate(wb, spec, findings);
    const zh = findings[0]!.message.zh;
    for (const a of ['D6', 'D5']) {
      assert.equal(wb.cell(S, a).style.fill, '#FFC7CE', `${a} carries the mark`);
      assert.ok(wb.cell(S, a).note?.includes(`【错误】${zh}`), `${a} carries the rule's note: ${wb.cell(S, a).note}`);
    }
    for (const a of ['E5', 'F5', 'H5', 'E6', 'F6', 'H6']) {
      assert.equal(wb.cell(S, a).style.fill, TINT, `${a} was not read`);
      assert.equal(wb.cell(S, a).note, null, a);
    }
    // The findings sheet still lists the finding once, at its own cell.
    assert.equal(wb.cell(FINDINGS_SHEET, 'B2').value, 'D6');
    assert.equal(wb.cell(FINDINGS_SHEET, 'A3').value, null);

    // Fixed: both marks go. (Both of column D's rows wore the mark, so no cell is left to tell its tint by.)
    await annotate(wb, spec, []);
    for (const a of ['D5', 'D6']) {
      assert.notEqual(wb.cell(S, a).style.fill, '#FFC7CE', a);
      assert.equal(wb.cell(S, a).note, null, a);
    }
  });
});
