/**
 * The workbook as one button press sees it: what was read stays read until the action writes. Check,
 * Push and Submit each ask for the workbook's identity and layout in several places (which form is
 * this, read it back, annotate it); through this wrapper the identity is decoded from one read and
 * the sheets and names are described once per action, so Excel sees each round trip once.
 * Any write, template insert or sheet removal forgets everything read, since the workbook changed.
 */
import type { RangeData, RangeRef, WorkbookInfo, WriteOp } from '../template';
import type { FormHost } from './form-session';

const keyOf = (r: RangeRef): string => `${r.sheet}\u0001${r.address}`;

/** Wraps `host` for the length of one action. */
export function actionHost(host: FormHost): FormHost {
  let info: Promise<WorkbookInfo> | null = null;
  const ranges = new Map<string, RangeData>();
  const forget = (): void => {
    info = null;
    ranges.clear();
  };
  return {
    describe: () => (info ??= host.describe().catch((e: unknown) => ((info = null), Promise.reject(e)))),
    async read(refs: RangeRef[]): Promise<RangeData[]> {
      const missing = refs.filter((r) => !ranges.has(keyOf(r)));
      if (missing.length > 0) {
        const got = await host.read(missing);
        missing.forEach((r, i) => ranges.set(keyOf(r), got[i]!));
      }
      return refs.map((r) => ranges.get(keyOf(r))!);
    },
    async write(ops: WriteOp[]): Promise<void> {
      forget();
      await host.write(ops);
    },
    select: (ref) => host.select(ref),
    async insertTemplate(base64, sheets) {
      forget();
      return host.insertTemplate(base64, sheets);
    },
    async removeSheets(names, alsoNames) {
      forget();
      await host.removeSheets(names, alsoNames);
    },
  };
}
