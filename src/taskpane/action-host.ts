/**
 * The workbook as one button press sees it: what was read stays read until the action writes. Check,
 * Push and Submit each ask for the workbook's identity and layout in several places (which form is
 * this, read it back, annotate it); through this wrapper the identity is decoded from one read and
 * the sheets and names are described once per action, so Excel sees each round trip once.
 * Any write, template insert or sheet removal forgets everything read, since the workbook changed.
 */
import { IDENTITY_NAME, type RangeData, type RangeRef, type WorkbookInfo, type WriteOp } from '../template';
import { covers, cutRange, outermost } from '../template/range-cut';
import type { FormHost } from './form-session';

const keyOf = (r: RangeRef): string => `${r.sheet}\u0001${r.address}`;

/** What the pane remembers between actions: where the workbook's identity was last seen, and the form's ranges the last action read. */
export interface HostMemo {
  identityRef?: RangeRef;
  /**
   * The form's ranges (without notes) the last action read: read again with the description at
   * the next action's start, so reading the form back (Pull's look for unpushed edits, Push) costs no
   * round trip of its own. Only data read in this action's own round trip is ever served.
   */
  formRefs?: RangeRef[];
}

/** Identities above this many rows are read through read(), which chunks under Excel's 5 MB limit. */
const PREFETCH_ROWS = 2000;

function identityRefOf(info: WorkbookInfo): RangeRef | undefined {
  return info.names.find((n) => n.name.toLowerCase() === IDENTITY_NAME)?.ref ?? undefined;
}

function small(ref: RangeRef): boolean {
  const m = /^[A-Z]+(\d+)(?::[A-Z]+(\d+))?$/.exec(ref.address.replace(/\$/g, ''));
  return !!m && Number(m[2] ?? m[1]) - Number(m[1]) < PREFETCH_ROWS;
}

/** Wraps `host` for the length of one action; `memo` carries the identity's address to the next action. */
export function actionHost(host: FormHost, memo: HostMemo = {}): FormHost {
  let info: Promise<WorkbookInfo> | null = null;
  let readHere: RangeRef[] = [];
  const ranges = new Map<string, { ref: RangeRef; data: RangeData }>();
  /** A range already read, or the part of a larger one read in this action. */
  const known = (r: RangeRef): RangeData | undefined => {
    const exact = ranges.get(keyOf(r));
    if (exact && covers(exact.ref, r)) return exact.data;
    for (const { ref, data } of ranges.values()) if (covers(ref, r)) return cutRange(data, ref, r);
    return undefined;
  };
  const forget = (): void => {
    info = null;
    ranges.clear();
  };
  const describe = async (): Promise<WorkbookInfo> => {
    const seen = memo.identityRef;
    if (seen && host.describeAndRead && small(seen)) {
      // The identity where it was last time, and the form's ranges the last action read, read with the
      // description: one round trip for "which form is this" and its figures.
      const extra = (memo.formRefs ?? []).filter((r) => r.sheet !== seen.sheet && small(r));
      const got = (await host.describeAndRead([seen, ...extra]).catch(() => null)) ?? (extra.length > 0 ? await host.describeAndRead([seen]).catch(() => null) : null);
      if (got) {
        const now = identityRefOf(got.info);
        if (now && keyOf(now) === keyOf(seen)) {
          ranges.set(keyOf(now), { ref: now, data: got.data[0]! });
          // The form's ranges stand only while the identity stands where it was: the same form, the same layout.
          got.data.slice(1).forEach((d, i) => ranges.set(keyOf(extra[i]!), { ref: extra[i]!, data: d }));
        }
        memo.identityRef = now;
        return got.info;
      }
    }
    const d = await host.describe();
    memo.identityRef = identityRefOf(d);
    return d;
  };
  const replaceWithTemplate: NonNullable<FormHost['replaceWithTemplate']> = async (base64, sheets, remove) => {
    forget();
    if (memo.identityRef && remove.sheets.includes(memo.identityRef.sheet)) memo.identityRef = undefined;
    const r = await host.replaceWithTemplate!(base64, sheets, remove);
    // The workbook as it now is, described in the same round trip: the fill that follows asks for nothing.
    if (r) info = Promise.resolve(r.info);
    return r;
  };
  return {
    describe: () => (info ??= describe().catch((e: unknown) => ((info = null), Promise.reject(e)))),
    async read(refs: RangeRef[]): Promise<RangeData[]> {
      const missing = refs.filter((r) => known(r) === undefined);
      // A range inside another of the same request is cut from it rather than read twice (Check reads
      // the whole table and, for annotate, its marked columns).
      const ask = outermost(missing);
      if (ask.length > 0) {
        const got = await host.read(ask);
        ask.forEach((r, i) => ranges.set(keyOf(r), { ref: r, data: got[i]! }));
        const form = ask.filter((r) => r.sheet !== memo.identityRef?.sheet).map((r): RangeRef => ({ sheet: r.sheet, address: r.address, ...(r.details ? { details: true } : {}) }));
        // Everything this action read of the form (a later read adds to it), for the next action's first round trip.
        readHere = outermost([...readHere, ...form]);
        if (readHere.length > 0) memo.formRefs = readHere;
      }
      return refs.map((r) => known(r)!);
    },
    async write(ops: WriteOp[]): Promise<void> {
      forget();
      await host.write(ops);
      for (const op of ops) if (op.kind === 'defineName' && op.name.toLowerCase() === IDENTITY_NAME) memo.identityRef = op.ref;
    },
    select: (ref) => host.select(ref),
    async insertTemplate(base64, sheets) {
      forget();
      return host.insertTemplate(base64, sheets);
    },
    ...(host.replaceWithTemplate ? { replaceWithTemplate } : {}),
    async removeSheets(names, alsoNames, known) {
      // What this action described is handed on, so the host need not ask again what exists.
      const seen = known ?? (info ? await info : undefined);
      forget();
      if (memo.identityRef && names.includes(memo.identityRef.sheet)) memo.identityRef = undefined;
      await host.removeSheets(names, alsoNames, seen);
    },
  };
}
