/**
 * The .xlsx side's speed: the month's batch (one task form per unit of the 2023 plan, 73 units) and
 * one 10,000-row form, each filled, saved, loaded and read back through the ExcelJS host.
 * Prints seconds, per-item figures and peak memory (maxRSS of the process, so each figure includes
 * what came before it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { importDocuments } from '../src/importer';
import type { Plan } from '../src/model/plan';
import { fill } from '../src/template/fill';
import { readBack } from '../src/template/read-back';
import { planUnits } from '../src/template/rows';
import { XlsxWorkbook } from '../src/hosts/xlsx/port';
import { loadWorkbookBuffer } from '../src/hosts/xlsx/file';
import { loadSpec, templatesDir } from '../src/hosts/xlsx/templates';

const SEEDS = resolve(__dirname, '..', '..', 'shared', 'seeds');

function seedPlan(): Plan {
  const file = readdirSync(SEEDS).find((f) => f.startsWith('003'))!;
  return importDocuments([{ id: file, text: readFileSync(join(SEEDS, file), 'utf8') }]).plan;
}

function peakMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function fillOne(template: Buffer, spec: Awaited<ReturnType<typeof loadSpec>>, plan: Plan, unit: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  await fill(new XlsxWorkbook(wb), spec, { plan, orgUnit: unit, period: '2023-06' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function readOne(buf: Buffer, spec: Awaited<ReturnType<typeof loadSpec>>): Promise<number> {
  const back = await readBack(new XlsxWorkbook(await loadWorkbookBuffer(buf, 'bench.xlsx')), spec);
  return Object.keys(back.data.tasks).length + Object.keys(back.data.figures).length;
}

function secs(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export async function run(): Promise<void> {
  const spec = await loadSpec('tasks');
  const template = readFileSync(join(templatesDir(), spec.file));
  const plan = seedPlan();
  const units = planUnits(plan);

  let t0 = process.hrtime.bigint();
  const files: Buffer[] = [];
  for (const u of units) files.push(await fillOne(template, spec, plan, u));
  const fillS = secs(t0);
  t0 = process.hrtime.bigint();
  let rows = 0;
  for (const f of files) rows += await readOne(f, spec);
  const readS = secs(t0);
  const bytes = files.reduce((n, f) => n + f.length, 0);
  console.log(`batch: ${units.length} units, ${rows} task rows in all, ${(bytes / 1024).toFixed(0)} KB of .xlsx`);
  console.log(`  fill+save  ${fillS.toFixed(2)} s  (${((fillS / units.length) * 1000).toFixed(1)} ms a workbook)`);
  console.log(`  load+read  ${readS.toFixed(2)} s  (${((readS / units.length) * 1000).toFixed(1)} ms a workbook)`);
  console.log(`  peak RSS   ${peakMb().toFixed(0)} MB`);

  const N = 10_000;
  const big: Plan = {
    ...plan,
    tasks: Array.from({ length: N }, (_v, i) => ({ ...plan.tasks[i % plan.tasks.length]!, no: i + 1, units: ['区发展改革委'] })),
  };
  t0 = process.hrtime.bigint();
  const buf = await fillOne(template, spec, big, '区发展改革委');
  const bigFill = secs(t0);
  t0 = process.hrtime.bigint();
  const n = await readOne(buf, spec);
  const bigRead = secs(t0);
  console.log(`single form: ${n} rows, ${(buf.length / 1024 / 1024).toFixed(1)} MB of .xlsx`);
  console.log(`  fill+save  ${bigFill.toFixed(2)} s  (${((bigFill / N) * 1e6).toFixed(0)} µs a row)`);
  console.log(`  load+read  ${bigRead.toFixed(2)} s  (${((bigRead / N) * 1e6).toFixed(0)} µs a row)`);
  console.log(`  peak RSS   ${peakMb().toFixed(0)} MB`);
  console.log(`ratio: one 10,000-row form takes ${((bigFill + bigRead) / (fillS + readS)).toFixed(2)}× the whole 73-unit batch`);
}
