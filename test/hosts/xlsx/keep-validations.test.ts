/**
 * Tester F-J: `check --annotate` on a task form wrote its validations twice with overlapping ranges
 * (`F10:F25` and `F5:F25`), because ExcelJS merges per-cell validations on writing. The annotated
 * file's `<dataValidations>` must be the original's, byte for byte, on every sheet.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/command';
import { EXIT } from '../../../src/cli/command';
import { seedPlan2023 } from '../../support/seed-plan';
import { scratch } from './helpers';

async function cli(cwd: string, ...argv: string[]): Promise<number> {
  const io: CliIO = { out: () => undefined, err: () => undefined, cwd, env: {} };
  return main(argv, io);
}

/** Each worksheet part's <dataValidations> element as written. */
async function validations(file: string): Promise<Record<string, string | null>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const out: Record<string, string | null> = {};
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    out[name] = /<dataValidations\b[\s\S]*?<\/dataValidations>/.exec(await zip.file(name)!.async('string'))?.[0] ?? null;
  }
  return out;
}

describe('check --annotate leaves data validations exactly as they were', () => {
  const s = scratch();
  after(() => s.cleanup());

  for (const [template, unit] of [
    ['tasks', '区发展改革委'],
    ['indicators', '区财政局'],
  ] as const) {
    it(`the ${template} form: same <dataValidations> XML before and after, no overlapping ranges`, async () => {
      writeFileSync(join(s.dir, 'plan.json'), JSON.stringify(seedPlan2023()));
      const f = `${template}.xlsx`;
      assert.equal(await cli(s.dir, 'fill', '--template', template, '--unit', unit, '--period', '2023-06', '--plan', 'plan.json', '-o', f), EXIT.OK);
      const before = await validations(join(s.dir, f));
      assert.ok(
        Object.values(before).some((v) => v !== null),
        'the form has validations',
      );
      // The empty form has findings (statuses/values missing), so annotate writes marks and a findings sheet.
      assert.equal(await cli(s.dir, 'check', f, '--annotate'), EXIT.FINDINGS);
      const after1 = await validations(join(s.dir, f));
      for (const [part, xml] of Object.entries(before)) assert.equal(after1[part], xml, `${part}: validations untouched`);
      await cli(s.dir, 'check', f, '--annotate');
      const after2 = await validations(join(s.dir, f));
      for (const [part, xml] of Object.entries(before)) assert.equal(after2[part], xml, `${part}: untouched on a second run too`);
    });
  }
});
