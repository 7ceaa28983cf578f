/**
 * The files the CLI reads and writes, as a newcomer meets them (tester findings F-F, F-G, F-H):
 * every command that writes -o keeps an existing file unless --force (an empty rules export never
 * replaces a rules workbook); a file of the wrong kind given to an option is bad input (exit 3) that
 * names the option and what it takes; the file system's refusals are one sentence in both languages
 * naming the path the user gave, never a temp file. Real seeds, real .xlsx, the CLI's entry point.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../src/cli/command';
import { writeRulesWorkbook } from '../../src/hosts/xlsx/rules-sheet';
import { readRulesWorkbook } from '../../src/hosts/xlsx/rules-sheet';
import { outputError } from '../../src/hosts/node/output-file';
import { scratch } from '../hosts/xlsx/helpers';
import { cliIn } from '../support/cli-run';

const SEEDS = '/work/shared/seeds';
const FIGURES = join(__dirname, '..', 'fixtures', 'figures', 'tongzhou-2023-h1.csv');

const cli = cliIn;

/** Both languages, and no English parser or errno text inside the Chinese line. */
function bilingual(text: string): void {
  assert.ok(/[\u4e00-\u9fff]/.test(text) && /[A-Za-z]{3}/.test(text), `both languages in: ${text}`);
  const zhLine = text.split('\n').find((l) => /[\u4e00-\u9fff]/.test(l) && !/^Error/.test(l)) ?? '';
  assert.doesNotMatch(zhLine, /Unknown option|ENOENT|EACCES|EISDIR|no such file/, zhLine);
  assert.doesNotMatch(text, /\.\d+\.tmp/, 'never the temp file');
}

const seed3 = (): string =>
  join(
    SEEDS,
    readdirSync(SEEDS).find((n) => n.startsWith('003_'))!,
  );

describe('e2e: the files the CLI writes and reads — kept unless --force, right kind, clear refusals', function () {
  this.timeout(120000);
  const tmp = scratch();
  const D = tmp.dir;
  const FILL = ['fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'plan.json'];

  before(async () => {
    const r = await cli(
      D,
      'import',
      ...readdirSync(SEEDS)
        .filter((n) => n.endsWith('.txt'))
        .map((n) => join(SEEDS, n)),
      '--id',
      'tongzhou-2023',
      '-o',
      'plan.json',
    );
    assert.ok(r.code === EXIT.OK || r.code === EXIT.BAD_INPUT, r.err);
    copyFileSync(FIGURES, join(D, 'figs.csv'));
    assert.equal((await cli(D, ...FILL, '-o', 'cz.xlsx')).code, EXIT.OK);
  });
  after(() => tmp.cleanup());

  describe('F-F: an existing file is kept unless --force, by every command that writes one', () => {
    it('rules export of the shipped set (0 formulas) over my rules workbook: refused, even with --force; my 2 rules stay', async () => {
      const mine = join(D, 'mine.xlsx');
      const rows = [
        ['编号', '公式', '类型', '提示信息', '适用单位'],
        ['R1', '[一般公共预算收入] >= 0', '错误', '收入不能为负', ''],
        ['R2', '[税收收入] <= [一般公共预算收入]', '警告', '税收不超过一般公共预算收入', ''],
      ];
      await writeRulesWorkbook(mine, rows);
      const before = readFileSync(mine);
      let r = await cli(D, 'rules', 'export', '-o', 'mine.xlsx');
      assert.equal(r.code, EXIT.BAD_INPUT, r.out + r.err);
      assert.match(r.err, /mine\.xlsx 已存在，未覆盖/);
      assert.match(r.err, /--force/);
      bilingual(r.err);
      r = await cli(D, 'rules', 'export', '-o', 'mine.xlsx', '--force');
      assert.equal(r.code, EXIT.BAD_INPUT, r.out + r.err);
      assert.match(r.err, /没有审核公式，未覆盖 mine\.xlsx/);
      assert.match(r.err, /holds no formula rules, so mine\.xlsx was kept/);
      assert.deepEqual(readFileSync(mine), before);
      assert.equal((await readRulesWorkbook(mine)).filter((x) => x.some((c) => c !== '' && c !== null)).length, 3);
    });

    it('import -o over my plan.json: refused before the documents are read; --force replaces it', async () => {
      const before = readFileSync(join(D, 'plan.json'), 'utf8');
      let r = await cli(D, 'import', seed3(), '-o', 'plan.json');
      assert.equal(r.code, EXIT.BAD_INPUT);
      assert.match(r.err, /plan\.json 已存在，未覆盖[\s\S]*exists and was kept[\s\S]*--force/);
      bilingual(r.err);
      assert.equal(readFileSync(join(D, 'plan.json'), 'utf8'), before);
      writeFileSync(join(D, 'one.json'), '{}');
      r = await cli(D, 'import', seed3(), '-o', 'one.json', '--force');
      assert.equal(r.code, EXIT.OK, r.err);
      assert.equal((JSON.parse(readFileSync(join(D, 'one.json'), 'utf8')) as { id: string }).id.length > 0, true);
    });

    it('report -o (csv, json, xlsx), check -o and audit export -o: refused over an existing file, written with --force', async () => {
      for (const name of ['keep.csv', 'keep.json', 'keep.xlsx']) {
        writeFileSync(join(D, name), 'my own notes');
        let r = await cli(D, 'report', '--plan', 'plan.json', '--figures', 'figs.csv', '--period', '2023-06', '-o', name);
        assert.equal(r.code, EXIT.BAD_INPUT, `${name}: ${r.err}`);
        assert.match(r.err, new RegExp(`${name.replace('.', '\\.')} 已存在，未覆盖`));
        bilingual(r.err);
        assert.equal(readFileSync(join(D, name), 'utf8'), 'my own notes');
        r = await cli(D, 'report', '--plan', 'plan.json', '--figures', 'figs.csv', '--period', '2023-06', '-o', name, '--force');
        assert.ok(r.code === EXIT.OK || r.code === EXIT.FINDINGS, `${name}: ${r.err}`);
        assert.notEqual(readFileSync(join(D, name), 'utf8'), 'my own notes');
      }
      writeFileSync(join(D, 'findings.txt'), 'mine');
      let r = await cli(D, 'check', '--plan', 'plan.json', '--figures', 'figs.csv', '-o', 'findings.txt');
      assert.equal(r.code, EXIT.BAD_INPUT, r.err);
      assert.equal(readFileSync(join(D, 'findings.txt'), 'utf8'), 'mine');
      writeFileSync(join(D, 'audit.csv'), 'mine');
      mkdirSync(join(D, 'data'));
      r = await cli(D, 'audit', 'export', '--data', 'data', '-o', 'audit.csv');
      assert.equal(r.code, EXIT.BAD_INPUT, r.err);
      assert.match(r.err, /audit\.csv 已存在，未覆盖/);
      assert.equal(readFileSync(join(D, 'audit.csv'), 'utf8'), 'mine');
    });

    it('every command that writes -o lists --force in its help', async () => {
      for (const cmd of ['fill', 'import', 'report', 'check', 'rules', 'audit']) assert.match((await cli(D, cmd, '--help')).out, /--force/, cmd);
    });
  });

  describe('F-H: the file system refuses — exit 3, one sentence in both languages, the path the user gave', () => {
    it('a folder that does not exist: fill, report, import, rules export, check', async () => {
      const runs: [string, string[]][] = [
        ['fill', [...FILL, '-o', '/nonexistent/dir/x.xlsx']],
        ['report', ['report', '--plan', 'plan.json', '--figures', 'figs.csv', '-o', '/nonexistent/dir/r.csv']],
        ['import', ['import', seed3(), '-o', '/nonexistent/dir/plan.json']],
        ['rules export', ['rules', 'export', '-o', '/nonexistent/dir/rules.xlsx']],
        ['check', ['check', '--plan', 'plan.json', '--figures', 'figs.csv', '-o', '/nonexistent/dir/f.txt']],
      ];
      for (const [name, argv] of runs) {
        const r = await cli(D, ...argv);
        assert.equal(r.code, EXIT.BAD_INPUT, `${name}: ${r.err}`);
        assert.match(r.err, /文件夹不存在：\/nonexistent\/dir/, name);
        assert.match(r.err, /the folder does not exist: \/nonexistent\/dir/, name);
        bilingual(r.err);
      }
    });

    it('a folder given as the output file, and a folder without write permission', async () => {
      mkdirSync(join(D, 'out'));
      let r = await cli(D, ...FILL, '-o', 'out');
      assert.equal(r.code, EXIT.BAD_INPUT, r.err);
      assert.match(r.err, /out 是文件夹，不是文件[\s\S]*is a folder, not a file/);
      bilingual(r.err);
      // Root ignores permissions, so the refusal is only asserted where it happens.
      const ro = join(D, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o555);
      r = await cli(D, 'report', '--plan', 'plan.json', '--figures', 'figs.csv', '-o', join(ro, 'r.json'));
      if (process.getuid?.() !== 0) {
        assert.equal(r.code, EXIT.BAD_INPUT, r.err);
        assert.match(r.err, /没有权限写入[\s\S]*no permission to write/);
        bilingual(r.err);
      }
      chmodSync(ro, 0o755);
      assert.deepEqual(
        readdirSync(ro).filter((n) => n.endsWith('.tmp')),
        [],
      );
    });

    it('disk full, no permission, a read-only disk: each its own sentence naming the file (errno as Node reports it)', () => {
      const file = '/srv/报表/r.xlsx';
      const said = (code: string): string => {
        const e = outputError(Object.assign(new Error(`${code}: raw, open '${file}.123.tmp'`), { code }), file);
        assert.equal(e.code, 'BAD_REQUEST', 'exit 3');
        return `${e.zh}\n${e.en}`;
      };
      assert.match(said('ENOSPC'), /磁盘已满，未能写入 \/srv\/报表\/r\.xlsx[\s\S]*the disk is full/);
      assert.match(said('EACCES'), /没有权限写入 \/srv\/报表\/r\.xlsx[\s\S]*no permission/);
      assert.match(said('EPERM'), /没有权限写入/);
      assert.match(said('EROFS'), /磁盘只读[\s\S]*read-only/);
      assert.match(said('EISDIR'), /是文件夹，不是文件/);
      for (const c of ['ENOSPC', 'EACCES', 'EROFS', 'EIO']) {
        assert.doesNotMatch(said(c), /\.tmp|raw/);
        bilingual(said(c));
      }
    });

    it('fill --all-units -o onto a file: exit 3, not a folder', async () => {
      const r = await cli(D, 'fill', '--template', 'indicators', '--all-units', '--period', '2023-06', '--plan', 'plan.json', '-o', 'cz.xlsx');
      assert.equal(r.code, EXIT.BAD_INPUT, r.err);
      assert.match(r.err, /cz\.xlsx 不是文件夹[\s\S]*is not a folder/);
      assert.ok(statSync(join(D, 'cz.xlsx')).isFile());
    });
  });

  describe('F-G: a file of the wrong kind is bad input (exit 3) naming the option, never a usage error', () => {
    it('a workbook to --figures, a workbook or a CSV to --plan, for check and report', async () => {
      const cases: [string[], RegExp, RegExp][] = [
        [['check', '--plan', 'plan.json', '--figures', 'cz.xlsx'], /--figures 应为 CSV 数据文件.*cz\.xlsx 是 Excel 工作簿/, /--figures takes a CSV figures file.*cz\.xlsx is an Excel workbook/],
        [['check', '--plan', 'cz.xlsx', '--figures', 'figs.csv'], /--plan 应为计划数据 plan\.json.*cz\.xlsx 是 Excel 工作簿/, /--plan takes a plan\.json.*cz\.xlsx is an Excel workbook/],
        [['check', '--plan', 'figs.csv', '--figures', 'figs.csv'], /--plan 应为计划数据 plan\.json.*figs\.csv 是 CSV 或文本文件/, /--plan takes a plan\.json/],
        [['check', '--plan', 'plan.json', '--figures', 'plan.json'], /--figures 应为 CSV 数据文件.*plan\.json 是 JSON 文件/, /--figures takes a CSV/],
        [['report', '--plan', 'plan.json', '--figures', 'cz.xlsx'], /--figures 应为 CSV 数据文件/, /--figures takes a CSV/],
        [['check', 'cz.xlsx', '--plan', 'cz.xlsx'], /--plan 应为计划数据 plan\.json/, /--plan takes a plan\.json/],
        [['check', '--plan', 'plan.json', '--figures', 'figs.csv', '--history', 'cz.xlsx'], /--history 应为往期数据 CSV/, /--history takes a CSV of earlier figures/],
        [['check', 'figs.csv'], /figs\.csv 不是 \.xlsx 工作簿；数据 CSV 请写 planbook check --plan plan\.json --figures figs\.csv/, /is not an \.xlsx workbook/],
        [['report', 'plan.json'], /计划数据请写 --plan plan\.json/, /give plan data as --plan plan\.json/],
        [['fill', '--template', 'indicators', '--unit', '区财政局', '--period', '2023-06', '--plan', 'cz.xlsx', '-o', 'y.xlsx'], /--plan 应为计划数据 plan\.json.*cz\.xlsx 是 Excel 工作簿/, /--plan takes a plan\.json/],
        [['rules', 'export', '-o', 'z.xlsx', '--rules', 'cz.xlsx'], /--rules 应为规则文件（JSON）.*cz\.xlsx 是 Excel 工作簿/, /--rules takes a rules file \(JSON\)/],
        [['rules', 'import', 'cz.xlsx', '-o', 'z.json', '--catalog', 'figs.csv'], /--catalog 应为指标目录文件（JSON）.*figs\.csv 是 CSV 或文本文件/, /--catalog takes a catalog file \(JSON\)/],
      ];
      for (const [argv, zh, en] of cases) {
        const r = await cli(D, ...argv);
        assert.equal(r.code, EXIT.BAD_INPUT, `${argv.join(' ')}: ${r.err}`);
        assert.match(r.err, zh, argv.join(' '));
        assert.match(r.err, en, argv.join(' '));
        bilingual(r.err);
      }
    });

    it('a CSV where a workbook is needed: push, rules import — exit 3', async () => {
      let r = await cli(D, 'push', 'figs.csv', '--server', 'http://127.0.0.1:9', '--token', 't');
      assert.equal(r.code, EXIT.BAD_INPUT, r.err);
      assert.match(r.err, /不是 \.xlsx 工作簿/);
      r = await cli(D, 'rules', 'import', 'figs.csv', '-o', 'r.json');
      assert.equal(r.code, EXIT.BAD_INPUT, r.err);
      bilingual(r.err);
    });

    it('what the parser refuses is said in both languages, without Node’s English inside the Chinese line', async () => {
      const cases: [string[], RegExp, RegExp][] = [
        [['check', '--plan', 'plan.json', '--figures', 'figs.csv', '--bogus'], /此命令没有 --bogus 选项/, /this command has no --bogus option/],
        [['check', '--plan'], /--plan 后面缺少值/, /--plan is missing its value/],
        [['fill', '--force=yes'], /--force 是开关，不带值/, /--force is a switch and takes no value/],
        [['fill', 'extra.xlsx'], /多余的参数“extra\.xlsx”/, /unexpected argument "extra\.xlsx"/],
      ];
      for (const [argv, zh, en] of cases) {
        const r = await cli(D, ...argv);
        assert.equal(r.code, EXIT.USAGE, `${argv.join(' ')}: ${r.err}`);
        assert.match(r.err, zh);
        assert.match(r.err, en);
        bilingual(r.err);
      }
    });
  });
});
