import assert from 'node:assert/strict';
import { resolveConflict, type Keep } from '../../src/taskpane/form-session';
import type { FieldConflict, PatchRequest } from '../../src/sync/protocol';

const original: PatchRequest = {
  baseRev: 3,
  edits: [
    { field: 'figures/A/value', pulled: 1, value: 2 },
    { field: 'figures/B/value', pulled: 10, value: 11 },
    { field: 'figures/C/note', pulled: '', value: '说明' },
  ],
};
const conflicts: FieldConflict[] = [
  { field: 'figures/A/value', pulled: 1, theirs: 5, yours: 2 },
  { field: 'figures/C/note', pulled: '', theirs: '他人的说明', yours: '说明' },
];

describe('settling a conflict (pure)', () => {
  const cases: [string, Record<string, Keep>, PatchRequest][] = [
    [
      'keep mine everywhere: my values re-sent against theirs, the rest as before',
      { 'figures/A/value': 'yours', 'figures/C/note': 'yours' },
      {
        baseRev: 7,
        edits: [
          { field: 'figures/A/value', pulled: 5, value: 2 },
          { field: 'figures/B/value', pulled: 10, value: 11 },
          { field: 'figures/C/note', pulled: '他人的说明', value: '说明' },
        ],
      },
    ],
    ['keep theirs everywhere: only the edits nobody else touched go', { 'figures/A/value': 'theirs', 'figures/C/note': 'theirs' }, { baseRev: 7, edits: [{ field: 'figures/B/value', pulled: 10, value: 11 }] }],
    ['no choice made counts as theirs', {}, { baseRev: 7, edits: [{ field: 'figures/B/value', pulled: 10, value: 11 }] }],
    [
      'mixed',
      { 'figures/A/value': 'yours' },
      {
        baseRev: 7,
        edits: [
          { field: 'figures/A/value', pulled: 5, value: 2 },
          { field: 'figures/B/value', pulled: 10, value: 11 },
        ],
      },
    ],
  ];
  for (const [name, keep, want] of cases) {
    it(name, () => {
      const before = JSON.stringify(original);
      assert.deepEqual(resolveConflict(original, conflicts, 7, new Map(Object.entries(keep))), want);
      assert.equal(JSON.stringify(original), before, 'the original request is not mutated');
    });
  }
});
