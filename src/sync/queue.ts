/**
 * The offline queue's rules, pure. A push that could not be sent waits here, in order. Two pushes
 * to the same submission collapse into one that keeps the first one's base and place: the second
 * was diffed against the same pulled base, so sending both would make the second conflict with the
 * first.
 */
import type { SubmissionKey } from '../model/submission';
import type { FieldEdit, QueuedPush } from './protocol';

/** Where queued pushes are kept: a JSON file in Node, localStorage in the add-in. */
export interface QueueStorage {
  load(): Promise<QueuedPush[]>;
  save(queue: QueuedPush[]): Promise<void>;
}

export function sameKey(a: SubmissionKey, b: SubmissionKey): boolean {
  return a.plan === b.plan && a.orgUnit === b.orgUnit && a.period === b.period && a.form === b.form;
}

export function enqueue(queue: readonly QueuedPush[], push: QueuedPush): QueuedPush[] {
  const i = queue.findIndex((q) => sameKey(q.key, push.key));
  if (i < 0) return [...queue, push];
  const prev = queue[i]!;
  const edits: FieldEdit[] = prev.request.edits.map((e) => ({ ...e }));
  for (const e of push.request.edits) {
    const j = edits.findIndex((x) => x.field === e.field);
    if (j < 0) edits.push({ ...e });
    else edits[j] = { field: e.field, pulled: edits[j]!.pulled, value: e.value };
  }
  const merged: QueuedPush = { ...prev, request: { baseRev: Math.min(prev.request.baseRev, push.request.baseRev), edits } };
  return queue.map((q, k) => (k === i ? merged : q));
}

/** An in-memory queue storage, for tests and for hosts that keep nothing. */
export function memoryQueue(initial: QueuedPush[] = []): QueueStorage {
  let q = initial.map((x) => ({ ...x }));
  return {
    load: async () => q.map((x) => ({ ...x })),
    save: async (next) => {
      q = next.map((x) => ({ ...x }));
    },
  };
}
