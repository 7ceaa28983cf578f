/**
 * LibreOffice itself types into planbook's forms as a user's keystrokes are parsed (test/support/lo-typist.ts:
 * .uno:EnterString, Calc's input line with a zh-CN desk's locale; its own notes, merges and number
 * formats; its own .xlsx writer), and the CLI reads what the user saw: "45%" typed into the General
 * 完成% cell (Calc stores 0.45 and gives the cell a percent format) is 45; "4.1%" typed into the 0.0
 * growth cell (stored 0.041, shown 0.0) is refused with the fix; "4.1%" into a cell the user made a
 * percentage is 4.1; pasted "58.18 " (text) is 58.18 with a note, typed "58.18 " Calc makes 58.18;
 * "1,234.5" and full-width "０．３１" are numbers; a merged input cell is refused with its cells named.
 * `check --annotate` twice, with a fix typed in between, leaves protection, print setup, tints and
 * the user's note as they were. Then push, submit, status and report against a real store. Two
 * soffice runs in all (plus the profile's first start).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { EXIT } from '../../src/cli/command';
import { MARK_BEGIN } from '../../src/template/note-mark';
import { seedPlan2023 } from '../support/seed-plan';
import { startTestServer, call, type TestServer } from '../support/server';
import { hasSoffice, typeInLibreOffice } from '../support/lo-typist';
import { scratch } from '../hosts/xlsx/helpers';
import { cliIn } from '../support/cli-run';

const cli = cliIn;

interface Facts {
  /** Per sheet file: its <sheetProtection> and <pageSetup>/<pageSetUpPr> attributes that matter. */
  sheets: Record<string, { protected: boolean; fitToWidth: string | null; fitToPage: boolean; orientation: string | null }>;
  fills: Record<string, string | null>;
  notes: Record<string, string | null>;
}

const IND = '指标填报';
const INPUTS = ['D5', 'E5', 'F5', 'H5', 'D6', 'E6', 'F6', 'H6', 'D7', 'F7', 'H7'];

async function facts(file: string): Promise<Facts> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const sheets: Facts['sheets'] = {};
  for (const name of Object.keys(zip.files)
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort()) {
    const xml = await zip.file(name)!.async('string');
    const prot = /<sheetProtection\b[^>]*\bsheet="(1|true)"/.test(xml);
    const setup = /<pageSetup\b[^>]*>/.exec(xml)?.[0] ?? '';
    sheets[name] = {
      protected: prot,
      fitToWidth: /fitToWidth="(\d+)"/.exec(setup)?.[1] ?? null,
      fitToPage: /<pageSetUpPr\b[^>]*fitToPage="(1|true)"/.test(xml),
      orientation: /orientation="(\w+)"/.exec(setup)?.[1] ?? null,
    };
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(IND)!;
  const fills: Facts['fills'] = {};
  const notes: Facts['notes'] = {};
  for (const a of INPUTS) {
    const c = ws.getCell(a);
    const f = c.fill;
    fills[a] = f && f.type === 'pattern' && f.pattern === 'solid' ? (f.fgColor?.argb ?? null) : null;
    const n = c.note;
    notes[a] = n === undefined ? null : typeof n === 'string' ? n : (n.texts ?? []).map((t) => t.text).join('');
  }
  return { sheets, fills, notes };
}

/** Each worksheet part's <dataValidations> element as written. */
async function validationsXml(file: string): Promise<Record<string, string | null>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const out: Record<string, string | null> = {};
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    out[name] = /<dataValidations\b[\s\S]*?<\/dataValidations>/.exec(await zip.file(name)!.async('string'))?.[0] ?? null;
  }
  return out;
}

/** What Calc stored in the cells: the value and whether its number format shows a percentage. */
async function cells(file: string, sheet: string, addresses: string[]): Promise<Record<string, { value: unknown; percent: boolean }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(sheet)!;
  return Object.fromEntries(addresses.map((a) => [a, { value: ws.getCell(a).value, percent: /%/.test(ws.getCell(a).numFmt ?? '') }]));
}

describe('e2e: LibreOffice types the values, planbook reads what the user saw', function () {
  this.timeout(300000);
  const tmp = scratch();
  const D = tmp.dir;
  const plan = seedPlan2023();
  let s: TestServer;
  let original: Facts;
  const USER_NOTE = '数据来自区统计局快报';

  before(async function () {
    if (!hasSoffice()) {
      console.warn('    soffice not found: run scripts/setup-e2e.sh to install LibreOffice');
      this.skip();
    }
    s = await startTestServer({ plan, users: { ndrc: { role: 'filler', units: ['区发展改革委'] } } });
    const from = (who: string) => ['--server', s.url, '--token', s.tokens[who]!, '--plan-id', plan.id];
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区发展改革委', '--period', '2023-06', ...from('ndrc'), '-o', 'ind.xlsx')).code, EXIT.OK);
    assert.equal((await cli(D, 'fill', '--template', 'tasks', '--unit', '区财政局', '--period', '2023-06', ...from('filler'), '-o', 'tasks.xlsx')).code, EXIT.OK);
    // Two more desks, offline: a percent typed into number-formatted cells (tester F-C).
    writeFileSync(join(D, 'plan.json'), JSON.stringify(plan));
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区人力社保局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'rs.xlsx')).code, EXIT.OK);
    assert.equal((await cli(D, 'fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json', '-o', 'cz.xlsx')).code, EXIT.OK);
    // What the user does with the mouse and keyboard, in both forms, in one LibreOffice session: a
    // paste, Format › Percent, a merge, entries Calc parses itself, and a note of their own.
    typeInLibreOffice(D, [
      {
        file: join(D, 'ind.xlsx'),
        steps: [
          { paste: 'D5', sheet: IND, text: '58.18 ' },
          { enter: 'F5', sheet: IND, text: '4.1%' },
          { format: 'F6', sheet: IND, code: '0.0%' },
          { enter: 'F6', sheet: IND, text: '4.1%' },
          { merge: 'E6:E7', sheet: IND },
          { enter: 'E6', sheet: IND, text: '1,185.9' },
          { enter: 'H5', sheet: IND, text: '上年同期基数较高；数据按区统计局快报填报' },
          { enter: 'D6', sheet: IND, text: '1,234.5' },
          { note: 'D6', sheet: IND, text: USER_NOTE },
        ],
      },
      {
        // 登记失业率 (计量单位 %): "4%" typed into the row's #,##0.00 cell; Calc keeps the format and shows 0.04.
        file: join(D, 'rs.xlsx'),
        steps: [
          { enter: 'D6', sheet: IND, text: '4%' },
          { enter: 'D5', sheet: IND, text: '28360' },
        ],
      },
      {
        // 一般公共预算收入 (增长3%): the user made the growth cell 0.000, then typed "4.1%": stored and shown 0.041.
        file: join(D, 'cz.xlsx'),
        steps: [
          { enter: 'D5', sheet: IND, text: '58.18' },
          { format: 'F5', sheet: IND, code: '0.000' },
          { enter: 'F5', sheet: IND, text: '4.1%' },
        ],
      },
      {
        file: join(D, 'tasks.xlsx'),
        steps: [
          // The user had cleared the cell's format (General): the keyboard's own path, Enter included.
          { format: 'G5', sheet: '任务进展', code: 'General' },
          { keys: 'G5', sheet: '任务进展', text: '45%' },
          { enter: 'F5', sheet: '任务进展', text: '推进中' },
        ],
      },
    ]);
    original = await facts(join(D, 'ind.xlsx'));
  });
  after(async () => {
    await s?.stop();
    tmp.cleanup();
  });

  it('Calc stored what the keystrokes store: 0.45 with a percent format, 0.041 under the 0.0 format, the paste as text', async () => {
    const t = await cells(join(D, 'tasks.xlsx'), '任务进展', ['G5']);
    assert.deepEqual(t.G5, { value: 0.45, percent: true }, '"45%" into a General cell');
    const i = await cells(join(D, 'ind.xlsx'), IND, ['D5', 'D6', 'E6', 'F5', 'F6']);
    assert.deepEqual(i.F5, { value: 0.041, percent: false }, '"4.1%" into the 0.0 growth cell keeps the 0.0 format');
    assert.deepEqual(i.F6, { value: 0.041, percent: true });
    assert.deepEqual(i.D6, { value: 1234.5, percent: false }, '"1,234.5" is a number');
    assert.deepEqual(i.D5, { value: '58.18 ', percent: false }, 'a paste stays text');
    assert.equal(i.E6!.value, 1185.9);
  });

  it('a percent typed into a number-formatted % cell (shown 0.04, 0.041) is refused by size, saying to type 4 / 4.1', async () => {
    const rs = await cells(join(D, 'rs.xlsx'), IND, ['D6']);
    assert.deepEqual(rs.D6, { value: 0.04, percent: false }, 'Calc stored the fraction and kept #,##0.00');
    const cz = await cells(join(D, 'cz.xlsx'), IND, ['F5']);
    assert.deepEqual(cz.F5, { value: 0.041, percent: false });
    for (const [file, cell, typed] of [
      ['rs.xlsx', 'D6', '4'],
      ['cz.xlsx', 'F5', '4.1'],
    ] as const) {
      const r = await cli(D, 'check', file, '--format', 'json');
      assert.equal(r.code, EXIT.FINDINGS, r.out + r.err);
      const [report] = JSON.parse(r.out) as { findings: { rule: string; cell: string; severity: string; message: { zh: string; en: string } }[] }[];
      const f = report!.findings.find((x) => x.cell === cell && x.rule === 'unit-mixup');
      assert.ok(f, `${file} ${cell}: ${JSON.stringify(report!.findings.map((x) => [x.cell, x.rule]))}`);
      assert.equal(f.severity, 'error');
      assert.ok(f.message.zh.includes(`直接输入${typed}（不带%号）`), f.message.zh);
      assert.ok(f.message.en.includes(`enter ${typed}`), f.message.en);
    }
  });

  it('check --annotate on the LibreOffice-saved task form leaves its data validations as they were', async () => {
    const saved = await validationsXml(join(D, 'tasks.xlsx'));
    assert.ok(Object.values(saved).some((v) => v !== null));
    await cli(D, 'check', 'tasks.xlsx', '--annotate');
    const after = await validationsXml(join(D, 'tasks.xlsx'));
    // Byte for byte on every sheet the user had; the added 审核结果 sheet has none.
    for (const [part, xml] of Object.entries(saved)) assert.equal(after[part], xml, part);
    assert.ok(
      Object.keys(after).some((k) => !(k in saved) && after[k] === null),
      'the findings sheet was added',
    );
  });

  it('submit before any push is refused with what to do: push first', async () => {
    const r = await cli(D, 'submit', 'ind.xlsx', '--server', s.url, '--token', s.tokens.ndrc!);
    assert.equal(r.code, EXIT.FINDINGS, r.out + r.err);
    assert.match(r.err, /请先 planbook push/);
    assert.match(r.err, /push the filled workbook first/);
  });

  it('check reads what the user saw and refuses what the user could not have meant, naming the cells', async () => {
    const r = await cli(D, 'check', 'ind.xlsx', '--format', 'json');
    assert.equal(r.code, EXIT.FINDINGS, r.out + r.err);
    const [report] = JSON.parse(r.out) as { findings: { rule: string; cell: string; severity: string; message: { zh: string; en: string } }[] }[];
    const at = (cell: string, rule: string) => report!.findings.find((f) => f.cell === cell && f.rule === rule);
    assert.equal(at('D5', 'cell-text-number')?.severity, 'info', JSON.stringify(report!.findings.map((f) => [f.cell, f.rule])));
    assert.match(at('D5', 'cell-text-number')!.message.zh, /格式是“文本”，请先把格式改为数值/, 'LibreOffice made the pasted cell Text: retyping alone would keep it text');
    assert.match(at('F5', 'cell-percent-hidden')!.message.zh, /请改为直接输入 4\.1（不带 %）/);
    assert.match(at('E6', 'cell-merged')!.message.zh, /E6:E7/);
    assert.match(at('E7', 'cell-merged')!.message.en, /unmerge/);
    assert.equal(at('F6', 'cell-percent-format'), undefined, 'a percent-formatted growth cell is simply 4.1');
    assert.ok(!report!.findings.some((f) => f.cell === 'D6' && f.rule.startsWith('cell-')), '"1,234.5" typed is simply the number');
  });

  it('push stores what the user saw: 45% typed into the General 完成% cell is 45; a form with errors sends nothing', async () => {
    const t = await cli(D, 'push', 'tasks.xlsx', '--server', s.url, '--token', s.tokens.filler);
    assert.equal(t.code, EXIT.OK, t.out + t.err);
    const task = (await call(s.url, s.tokens.admin, 'GET', `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent('区财政局')}/2023-06/tasks`)).body;
    const stored = Object.values(task.data.tasks as Record<string, { progress: number | null }>)[0]!;
    assert.equal(stored.progress, 45);
    const i = await cli(D, 'push', 'ind.xlsx', '--server', s.url, '--token', s.tokens.ndrc!);
    assert.equal(i.code, EXIT.FINDINGS, i.out + i.err);
    const none = await call(s.url, s.tokens.admin, 'GET', `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent('区发展改革委')}/2023-06/indicators`);
    assert.ok(none.status === 404 || Object.keys(none.body.data?.figures ?? {}).every((k: string) => none.body.data.figures[k].value === null), 'nothing went up');
  });

  it('check --annotate twice with a fix in between keeps protection, print setup, tints and the user’s note, and leaves no stale note', async () => {
    const a = await cli(D, 'check', 'ind.xlsx', '--annotate');
    assert.equal(a.code, EXIT.FINDINGS);
    const marked = await facts(join(D, 'ind.xlsx'));
    const same = (f: Facts) => Object.fromEntries(Object.keys(original.sheets).map((k) => [k, f.sheets[k]]));
    assert.deepEqual(same(marked), original.sheets, 'protection and print setup survive the first annotate');
    const findingsSheet = Object.keys(marked.sheets).find((k) => !(k in original.sheets))!;
    assert.deepEqual(marked.sheets[findingsSheet], { protected: false, fitToWidth: '1', fitToPage: true, orientation: 'landscape' }, '审核结果 prints one page wide');
    assert.ok(marked.notes.D6!.startsWith(USER_NOTE) || marked.notes.D6 === USER_NOTE, `user note kept: ${marked.notes.D6}`);
    assert.ok(marked.notes.F5!.includes(MARK_BEGIN), 'the refused cell has planbook’s note');
    assert.equal(marked.fills.F5, 'FFFFC7CE');
    assert.equal(marked.fills.D7, 'FFFFC7CE', 'the empty required value is marked');
    for (const cell of ['H5', 'H6', 'H7', 'F7']) assert.equal(marked.fills[cell], original.fills[cell], `${cell} keeps its tint`);

    // The user fixes it in LibreOffice: unmerges, types the growth as the form wants it.
    typeInLibreOffice(D, [
      {
        file: join(D, 'ind.xlsx'),
        steps: [
          { unmerge: 'E6:E7', sheet: IND },
          // LibreOffice made the pasted cell Text (@): as planbook's note says, its format goes back to a number first.
          { format: 'D5', sheet: IND, code: '#,##0.0' },
          { enter: 'F5', sheet: IND, text: '4.1' },
          { enter: 'D5', sheet: IND, text: '58.18 ' },
          { enter: 'D7', sheet: IND, text: '０．３１' },
        ],
      },
    ]);
    const typed = await cells(join(D, 'ind.xlsx'), IND, ['D5', 'D7', 'F5']);
    assert.deepEqual(typed.D5, { value: 58.18, percent: false }, 'typed "58.18 ": Calc drops the space and stores the number');
    assert.deepEqual(typed.D7, { value: 0.31, percent: false }, 'full-width "０．３１" typed at a zh-CN desk is the number 0.31');
    assert.equal(typed.F5!.value, 4.1);
    await cli(D, 'check', 'ind.xlsx', '--annotate');
    const fixed = await facts(join(D, 'ind.xlsx'));
    assert.deepEqual(same(fixed), original.sheets, 'protection and print setup as LibreOffice saved them');
    const still = JSON.parse((await cli(D, 'check', 'ind.xlsx', '--format', 'json')).out) as { findings: { cell: string | null; rule: string }[] }[];
    const flagged = new Set(still[0]!.findings.map((f) => f.cell));
    const clean = INPUTS.filter((c) => !flagged.has(c));
    assert.ok(!still[0]!.findings.some((f) => f.rule === 'cell-merged' || f.rule === 'cell-percent-hidden'), JSON.stringify(still[0]!.findings.map((f) => [f.cell, f.rule])));
    assert.ok(clean.includes('E6'), 'E6 was fixed');
    for (const cell of clean) {
      assert.equal(fixed.fills[cell], original.fills[cell], `${cell}: tint as before`);
      assert.ok(!fixed.notes[cell]?.includes(MARK_BEGIN), `${cell}: no stale note (${fixed.notes[cell]})`);
    }
    assert.equal(fixed.notes.D6, USER_NOTE, 'the user’s note is exactly theirs again');
  });

  it('the fixed form goes up with the figures as seen, is submitted, shows in status, and the district report shows them', async () => {
    const p = await cli(D, 'push', 'ind.xlsx', '--server', s.url, '--token', s.tokens.ndrc!);
    assert.equal(p.code, EXIT.OK, p.out + p.err);
    const got = (await call(s.url, s.tokens.admin, 'GET', `/api/plans/${encodeURIComponent(plan.id)}/submissions/${encodeURIComponent('区发展改革委')}/2023-06/indicators`)).body;
    assert.equal(got.data.figures['地区生产总值'].growth, 4.1);
    assert.equal(got.data.figures['地区生产总值'].value, 58.18);
    assert.equal(got.data.figures['全社会固定资产投资'].growth, 4.1);
    assert.equal(got.data.figures['全社会固定资产投资'].value, 1234.5);
    assert.equal(got.data.figures['万元地区生产总值能耗'].value, 0.31);
    assert.equal(got.data.figures['万元地区生产总值能耗'].sameLastYear, null, 'the merged-away cell was never 1185.9');

    // Submit from the command line: the warnings of 地区生产总值 are explained by the 说明 the user typed.
    const sub = await cli(D, 'submit', 'ind.xlsx', '--server', s.url, '--token', s.tokens.ndrc!);
    assert.equal(sub.code, EXIT.OK, sub.out + sub.err);
    assert.match(sub.out, /区发展改革委 2023-06 月度指标表 \/ indicators form：已上报/);
    const subT = await cli(D, 'submit', 'tasks.xlsx', '--server', s.url, '--token', s.tokens.filler);
    assert.equal(subT.code, EXIT.OK, subT.out + subT.err);
    const st = await cli(D, 'status', '--server', s.url, '--token', s.tokens.reviewer, '--plan-id', plan.id, '--period', '2023-06', '--format', 'json');
    assert.equal(st.code, EXIT.OK, st.err);
    const states = (JSON.parse(st.out) as { submissions: { orgUnit: string; form: string; state: string }[] }).submissions.map((x) => `${x.orgUnit}/${x.form}/${x.state}`);
    assert.deepEqual(states.sort(), ['区发展改革委/indicators/submitted', '区财政局/tasks/submitted']);

    // The district report counts submitted figures only: no --drafts needed now.
    const r = await cli(D, 'report', '--server', s.url, '--token', s.tokens.reviewer, '--plan-id', plan.id, '--period', '2023-06', '-o', 'report.csv');
    assert.equal(r.code, EXIT.OK, r.out + r.err);
    const csv = readFileSync(join(D, 'report.csv'), 'utf8');
    assert.match(csv, /\n地区生产总值,亿元,[^\n]*,2023-06,已报送,58\.18,4\.1,5,-0\.9,/);
    assert.match(csv, /\n全社会固定资产投资,亿元,[^\n]*,2023-06,已报送,1234\.5,4\.1,,,123\.5,/);
    assert.match(csv, /\n万元地区生产总值能耗,[^\n]*,2023-06,已报送,0\.31,,/);
  });
});
