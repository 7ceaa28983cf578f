/**
 * The pure parts of sync, as properties: the three-way merge, the diff, and the queue's collapsing.
 */
import assert from 'node:assert/strict';
import { emptyData, setField, type SubmissionData } from '../../src/model/submission';
import { diffData } from '../../src/sync/diff';
import { changedFields, mergeEdits } from '../../src/sync/merge';
import { enqueue } from '../../src/sync/queue';
import type { QueuedPush } from '../../src/sync/protocol';

const V = 'figures/地区生产总值/value';
const G = 'figures/地区生产总值/growth';
const N = 'figures/地区生产总值/note';

function data(pairs: [string, number | string | null][]): SubmissionData {
  return pairs.reduce((d, [f, v]) => setField(d, f, v), emptyData());
}

describe('sync: three-way merge', () => {
  it('applies an edit whose field nobody else changed', () => {
    const m = mergeEdits(data([[V, 600]]), [{ field: V, pulled: 600, value: 607.6 }]);
    assert.deepEqual(m.conflicts, []);
    assert.deepEqual(m.applied, [{ field: V, old: 600, value: 607.6 }]);
  });

  it('merges edits to different fields, whoever came first', () => {
    const theirs = data([[V, 607.6]]);
    const m = mergeEdits(theirs, [{ field: G, pulled: null, value: 5.2 }]);
    assert.equal(m.conflicts.length, 0);
    assert.deepEqual(
      diffData(emptyData(), m.data).map((e) => [e.field, e.value]),
      [
        [G, 5.2],
        [V, 607.6],
      ],
    );
  });

  it('reports both changed the same field differently, with base, theirs and yours, and applies nothing', () => {
    const cur = data([
      [V, 607.6],
      [G, 5],
    ]);
    const m = mergeEdits(cur, [
      { field: G, pulled: 5, value: 5.2 },
      { field: V, pulled: 600, value: 6076 },
    ]);
    assert.deepEqual(m.conflicts, [{ field: V, pulled: 600, theirs: 607.6, yours: 6076 }]);
    assert.equal(m.data, cur, 'the input comes back unchanged');
    assert.deepEqual(m.applied, []);
  });

  it('an edit equal to the current value is neither applied nor a conflict', () => {
    const m = mergeEdits(data([[V, 607.6]]), [{ field: V, pulled: 600, value: 607.6 }]);
    assert.deepEqual([m.applied, m.conflicts], [[], []]);
  });

  it('treats null, empty text and a missing field as the same empty cell', () => {
    assert.deepEqual(mergeEdits(emptyData(), [{ field: N, pulled: '', value: '' }]).applied, []);
    assert.deepEqual(mergeEdits(data([[N, '']]), [{ field: N, pulled: null, value: '说明' }]).conflicts, []);
  });

  it('does not mutate its input', () => {
    const cur = data([[V, 1]]);
    const copy = JSON.parse(JSON.stringify(cur)) as SubmissionData;
    mergeEdits(cur, [{ field: V, pulled: 1, value: 2 }]);
    assert.deepEqual(cur, copy);
  });

  it('order of edits to different fields does not change the result', () => {
    const edits = [
      { field: V, pulled: null, value: 1 },
      { field: G, pulled: null, value: 2 },
      { field: N, pulled: '', value: 'x' },
    ];
    assert.deepEqual(mergeEdits(emptyData(), edits).data, mergeEdits(emptyData(), [...edits].reverse()).data);
  });

  it('diff then merge onto the base reproduces the edited copy', () => {
    const base = data([
      [V, 600],
      [G, 5],
    ]);
    const edited = data([
      [V, 607.6],
      [G, 5],
      [N, '初步核算'],
    ]);
    const m = mergeEdits(base, diffData(base, edited));
    assert.deepEqual(changedFields(m.data, edited), []);
  });
});

describe('sync: offline queue', () => {
  const key = (unit: string) => ({ plan: 'p', orgUnit: unit, period: '2023-06', form: 'indicators' });
  const push = (id: string, unit: string, edits: { field: string; pulled: number | null; value: number }[]): QueuedPush => ({ id, key: key(unit), request: { baseRev: 3, edits }, queuedAt: '2023-07-01T00:00:00Z' });

  it('keeps pushes to different submissions in order', () => {
    const q = enqueue(enqueue([], push('a', '区财政局', [{ field: V, pulled: null, value: 1 }])), push('b', '区商务局', [{ field: V, pulled: null, value: 2 }]));
    assert.deepEqual(
      q.map((x) => x.id),
      ['a', 'b'],
    );
  });

  it('collapses a second push to the same submission into the first, keeping the first base and place', () => {
    let q = enqueue([], push('a', '区财政局', [{ field: V, pulled: null, value: 1 }]));
    q = enqueue(q, push('b', '区商务局', [{ field: V, pulled: null, value: 2 }]));
    q = enqueue(
      q,
      push('c', '区财政局', [
        { field: V, pulled: null, value: 3 },
        { field: G, pulled: null, value: 4 },
      ]),
    );
    assert.deepEqual(
      q.map((x) => x.id),
      ['a', 'b'],
    );
    assert.deepEqual(q[0]!.request.edits, [
      { field: V, pulled: null, value: 3 },
      { field: G, pulled: null, value: 4 },
    ]);
  });
});
