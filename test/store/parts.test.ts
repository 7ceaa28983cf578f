/**
 * The store's pure parts, by table: file names from URL segments, the token bucket, the audit chain,
 * If-Match parsing and static path resolution.
 */
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { GENESIS, seal, verifyChain } from '../../src/store/audit-chain';
import { parseIfMatch } from '../../src/store/http';
import { RateLimiter } from '../../src/store/rate-limit';
import { FloodGate } from '../../src/store/flood-gate';
import { ManualClock } from '../support/clock';
import { fromSafeName, safeName } from '../../src/store/safe-name';
import { resolveStatic } from '../../src/store/static-files';
import { auditCsv } from '../../src/store/audit-export';

describe('store parts', () => {
  describe('safeName', () => {
    const cases: [string, string][] = [
      ['区财政局', '区财政局'],
      ['2023-06', '2023-06'],
      ['tongzhou_2023', 'tongzhou_2023'],
      ['..', '~2E~2E'],
      ['../etc', '~2E~2E~2Fetc'],
      ['a/b', 'a~2Fb'],
      ['a\\b', 'a~5Cb'],
      ['', '~'],
      ['x y', 'x~20y'],
      ['~2E', '~7E2E'],
    ];
    for (const [input, out] of cases) {
      it(`${JSON.stringify(input)} → ${out}, and back`, () => {
        assert.equal(safeName(input), out);
        if (input !== '') assert.equal(fromSafeName(out), input);
        assert.doesNotMatch(out, /[/\\]|^\.{1,2}$/);
      });
    }
  });

  it('a token bucket allows a burst, refuses after it and refills with (driven) time', () => {
    const clock = new ManualClock();
    const rl = new RateLimiter({ burst: 3, perSecond: 2 }, clock);
    assert.deepEqual([rl.take('a'), rl.take('a'), rl.take('a'), rl.take('a'), rl.take('a')], [true, true, true, false, false]);
    assert.equal(rl.take('b'), true, 'buckets are per caller');
    assert.equal(rl.retryAfterSeconds('a'), 1);
    assert.equal(rl.exhausted('a'), true);
    clock.advance(500); // half a second: one token back
    assert.deepEqual([rl.take('a'), rl.take('a')], [true, false]);
  });

  it('a flood is one audited refusal per source, however the refusals interleave with refills', () => {
    const clock = new ManualClock();
    const gate = new FloodGate(60_000, clock);
    const verdicts: boolean[] = [];
    // 2,000 refusals over 10 s of driven time (the bogus-token flood): one record.
    for (let i = 0; i < 2000; i++) {
      verdicts.push(gate.refuse('t:x').record);
      clock.advance(5);
    }
    assert.equal(verdicts.filter(Boolean).length, 1);
    assert.equal(gate.refuse('t:x').record, false, 'a 403 amid a 429 flood from the same source is the same flood');
    assert.equal(gate.refuse('t:y').record, true, 'another source is its own flood');
    clock.advance(60_000); // quiet for the whole window: the next refusal opens a new flood and counts the last
    const next = gate.refuse('t:x');
    assert.deepEqual(next, { record: true, unrecordedBefore: 2000 });
  });

  describe('audit chain', () => {
    const entries = seal(
      [
        { action: 'change', actor: 'filler', field: 'figures/地区生产总值/value', old: null, new: 607.6, rev: 1 },
        { action: 'submit', actor: 'filler', rev: 2, state: 'submitted' },
        { action: 'approve', actor: 'reviewer', rev: 3, state: 'approved' },
      ],
      { seq: 0, hash: GENESIS },
      '2023-07-10T08:00:00.000Z',
    );

    it('links each entry to the one before and verifies', () => {
      assert.equal(entries[0]!.prev, GENESIS);
      assert.equal(entries[1]!.prev, entries[0]!.hash);
      assert.deepEqual(verifyChain(entries), { ok: true, entries: 3 });
    });

    it('finds a changed value, a removed entry and a re-hashed forgery', () => {
      const changed = entries.map((e, i) => (i === 0 ? { ...e, new: 6076 } : e));
      assert.deepEqual(verifyChain(changed).firstBad, { seq: 1, reason: 'content changed' });
      assert.equal(verifyChain([entries[0]!, entries[2]!]).firstBad?.seq, 2);
      // Recomputing the changed entry's own hash still breaks the next link.
      const forged = seal([{ action: 'change', actor: 'filler', field: 'figures/地区生产总值/value', old: null, new: 6076, rev: 1 }], { seq: 0, hash: GENESIS }, entries[0]!.at);
      assert.deepEqual(verifyChain([forged[0]!, entries[1]!, entries[2]!]).firstBad, { seq: 2, reason: 'link to the previous entry broken' });
    });

    it('exports CSV with a BOM and formula-like text neutralised', () => {
      const csv = auditCsv(seal([{ action: 'return', actor: 'reviewer', detail: '=HYPERLINK("x")' }], { seq: 0, hash: GENESIS }, '2023-07-10T08:00:00.000Z'));
      assert.ok(csv.startsWith('\uFEFF'));
      assert.match(csv, /"'=HYPERLINK\(""x""\)"/);
    });
  });

  it('parses If-Match forms and refuses garbage', () => {
    assert.equal(parseIfMatch(undefined), null);
    assert.equal(parseIfMatch('"3"'), 3);
    assert.equal(parseIfMatch('W/"12"'), 12);
    assert.equal(parseIfMatch('7'), 7);
    assert.throws(() => parseIfMatch('*'), /If-Match/);
    assert.throws(() => parseIfMatch('"-1"'), /If-Match/);
  });

  it('resolves static paths only inside their roots', () => {
    const roots = [
      { prefix: '/office-js/', dir: '/srv/office' },
      { prefix: '/', dir: '/srv/addin' },
    ];
    assert.equal(resolveStatic(roots, '/'), resolve('/srv/addin/taskpane.html'));
    assert.equal(resolveStatic(roots, '/office-js/office.js'), join('/srv/office', 'office.js'));
    for (const bad of ['/..%2f..%2fetc/passwd', '/office-js/..%2f..%2fetc/passwd', '/%2e%2e/x', '/a%00b', '/%E4%ZZ']) assert.equal(resolveStatic(roots, bad), null, bad);
  });
});
