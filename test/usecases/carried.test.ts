/**
 * The carried copy itself: what a workbook's identity keeps of the catalog and rules, what is read
 * back from an older or damaged workbook, which copy offline work picks, and how it is said.
 */
import { strict as assert } from 'node:assert';
import { configNote, decodeCarried, offlineConfig, type CarriedCopy } from '../../src/usecases/carried';
import { bundledCopy } from '../../src/usecases/bundled-copy';
import { decodeIdentity, encodeIdentity, type WorkbookIdentity } from '../../src/template/identity';
import { loadDefaultCatalog, loadDefaultRules } from '../../src/rules';

const identity = (carried: CarriedCopy | null): WorkbookIdentity => ({
  plan: 'p',
  planName: '',
  orgUnit: '区财政局',
  period: '2023-06',
  form: 'indicators',
  baseRev: 2,
  template: 'indicators',
  templateVersion: 1,
  sheet: '指标填报',
  firstRow: 6,
  rowCount: 1,
  rowKeys: ['一般公共预算收入'],
  pulled: {},
  checkPlan: null,
  carried,
  filledAt: '',
  fingerprint: '00000000',
});

describe('the carried catalog and rules', () => {
  const copy: CarriedCopy = { catalog: { rev: 4, value: loadDefaultCatalog() }, rules: { rev: 3, value: { ...loadDefaultRules(), version: 'district-3' } } };

  it('travel in the identity sheet (in cells under Excel’s 32,767 characters) and come back whole', () => {
    const rows = encodeIdentity(identity(copy));
    assert.ok(rows.every((r) => typeof r[1] !== 'string' || r[1].length <= 32767));
    assert.ok(rows.some((r) => r[0] === 'carried.0'));
    assert.deepEqual(decodeIdentity(rows).carried, copy);
  });

  it('a workbook filled before they were carried, or with a damaged copy, reads as carrying none: the next source judges, never half a copy', () => {
    const rows = encodeIdentity(identity(null));
    assert.equal(decodeIdentity(rows).carried, null);
    const damaged = encodeIdentity(identity(copy)).map((r) => (r[0] === 'carried.0' ? [r[0], '{"catalog":'] : r));
    assert.equal(decodeIdentity(damaged).carried, null);
    assert.equal(decodeCarried({ catalog: { rev: 1, value: { indicators: 'no' } }, rules: copy.rules }), null);
    assert.equal(decodeCarried({ catalog: copy.catalog, rules: { rev: -1, value: copy.rules.value } }), null);
  });

  it('offline: the workbook’s copy before the plan file’s, the bundled only when neither carries one; each said in both languages', () => {
    const older: CarriedCopy = { ...copy, rules: { rev: 2, value: loadDefaultRules() } };
    assert.equal(
      offlineConfig(
        [
          { origin: 'workbook', copy },
          { origin: 'plan-file', copy: older },
        ],
        bundledCopy,
      ).rules.rev,
      3,
    );
    assert.equal(
      offlineConfig(
        [
          { origin: 'workbook', copy: null },
          { origin: 'plan-file', copy: older },
        ],
        bundledCopy,
      ).origin,
      'plan-file',
    );
    const none = offlineConfig([{ origin: 'workbook', copy: null }], bundledCopy);
    assert.equal(none.origin, 'bundled');
    assert.deepEqual(none.rules, bundledCopy().rules);
    assert.deepEqual(configNote({ ...copy, origin: 'workbook' }), {
      zh: '审核规则：工作簿所带第3版；指标目录：工作簿所带第4版（重新从服务器拉取可更新）',
      en: 'rules: revision 3 carried by the workbook; catalog: revision 4 carried by the workbook (pull from the server again to refresh it)',
    });
    assert.match(configNote(none).zh, /程序自带的默认版本.*从服务器拉取/);
    assert.match(configNote(none).en, /the bundled defaults.*pull from the server/);
  });
});
