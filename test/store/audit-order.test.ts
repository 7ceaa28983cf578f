/**
 * The chain's words for a reordered or a gapped log (tester findings F3.9, F8.2): two swapped lines
 * are "out of order", not "missing"; both languages name the same entries.
 */
import assert from 'node:assert/strict';
import { GENESIS, seal, type AuditEntry } from '../../src/store/audit-chain';
import { chainProblem } from '../../src/store/audit-proof';

function chain(n: number): AuditEntry[] {
  return seal(
    Array.from({ length: n }, (_, i) => ({ action: 'signin' as const, actor: `u${i}` })),
    { seq: 0, hash: GENESIS },
    '2026-12-01T00:00:00.000Z',
  );
}

describe('audit chain problems: the words for what happened', () => {
  it('two lines swapped: out of order, naming the same entries in both languages', () => {
    const e = chain(5);
    const swapped = [e[0]!, e[2]!, e[1]!, e[3]!, e[4]!];
    const p = chainProblem(swapped)!;
    assert.match(p.en, /entry 3 follows entry 1, and entry 2 is elsewhere in the log: entries out of order/);
    assert.match(p.zh, /第 1 条之后是第 3 条，第 2 条在日志中的位置不对/);
  });

  it('a line deleted: entries missing, "after 1" in both languages', () => {
    const e = chain(5);
    const p = chainProblem([e[0]!, e[2]!, e[3]!])!;
    assert.match(p.en, /sequence jumps to 3 after 1: entries missing/);
    assert.match(p.zh, /第 1 条之后序号跳到 3/);
  });

  it('a whole chain: no problem', () => {
    assert.equal(chainProblem(chain(5)), null);
  });
});
