/**
 * One catalog and rule set per plan (issue 10, item 2): the clients use the store's; offline work
 * uses the copy the workbook or the plan file carries (written by a pull from the store, a fill or
 * `planbook import`); the bundled defaults only when nothing is carried. Each carries its store
 * revision (0: the bundled defaults), so a statistician sees which rules judged the figures:
 * "审核规则：工作簿所带第3版 / rules: revision 3 carried by the workbook".
 */
import type { Bilingual } from '../model/i18n';
import { validateCatalog, type Catalog } from '../rules/catalog';
import { validateRuleSet, type RuleSet } from '../rules/ruleset';

/** A catalog or rule set with the store revision it was taken at (0: the bundled defaults). */
export interface AtRev<T> {
  rev: number;
  value: T;
}

/** The catalog and rule set a workbook or plan file carries for offline work. */
export interface CarriedCopy {
  catalog: AtRev<Catalog>;
  rules: AtRev<RuleSet>;
}

/** Where the catalog and rules of a check or report came from. */
export type ConfigOrigin = 'server' | 'workbook' | 'plan-file' | 'option' | 'bundled';

export interface ConfigInUse extends CarriedCopy {
  origin: ConfigOrigin;
}

/**
 * Reads a carried copy back from JSON (a workbook's identity sheet, a plan file). Null when there is
 * none or it does not validate: the caller then falls back to the next source, never to half a copy.
 */
export function decodeCarried(json: unknown): CarriedCopy | null {
  if (typeof json !== 'object' || json === null) return null;
  const o = json as { catalog?: { rev?: unknown; value?: unknown }; rules?: { rev?: unknown; value?: unknown } };
  const rev = (x: unknown): number | null => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : null);
  const cRev = rev(o.catalog?.rev);
  const rRev = rev(o.rules?.rev);
  if (cRev === null || rRev === null) return null;
  const c = validateCatalog(o.catalog?.value);
  const r = validateRuleSet(o.rules?.value);
  if (!c.catalog || c.problems.length > 0 || !r.ruleSet || r.problems.length > 0) return null;
  return { catalog: { rev: cRev, value: c.catalog }, rules: { rev: rRev, value: r.ruleSet } };
}

/**
 * The catalog and rules offline work uses: the first carried copy of `copies` (the workbook's before
 * the plan file's, as a pull refreshes the workbook), else the bundled defaults (`bundled`:
 * bundled-copy.ts's bundledCopy; passed in, so this file — which the template's identity reads —
 * stays clear of the bundled JSON and the CSV reader that the rules' index brings along).
 */
export function offlineConfig(copies: readonly { origin: 'workbook' | 'plan-file'; copy: CarriedCopy | null | undefined }[], bundled: () => CarriedCopy): ConfigInUse {
  for (const c of copies) if (c.copy) return { ...c.copy, origin: c.origin };
  return { ...bundled(), origin: 'bundled' };
}

const WHERE: Record<ConfigOrigin, Bilingual> = {
  server: { zh: '服务器', en: 'from the server' },
  workbook: { zh: '工作簿所带', en: 'carried by the workbook' },
  'plan-file': { zh: '计划文件所带', en: 'carried by the plan file' },
  option: { zh: '命令行指定的文件', en: 'the file given on the command line' },
  bundled: { zh: '程序自带的默认版本', en: 'the bundled defaults' },
};

/** One of the two, e.g. 工作簿所带第3版 / revision 3 carried by the workbook; revision 0 is the bundled defaults, said so. */
function source(origin: ConfigOrigin, rev: number): Bilingual {
  const w = WHERE[origin];
  if (origin === 'option' || origin === 'bundled') return w;
  if (rev === 0) return { zh: `${w.zh}的默认版本`, en: `the bundled defaults ${w.en}` };
  return { zh: `${w.zh}第${rev}版`, en: `revision ${rev} ${w.en}` };
}

/** Which catalog and rules were used, in one bilingual line that says how to get the store's. */
export function configNote(c: ConfigInUse): Bilingual {
  const r = source(c.origin, c.rules.rev);
  const k = source(c.origin, c.catalog.rev);
  const hint =
    c.origin === 'bundled'
      ? { zh: '（从服务器拉取后即用服务器的版本）', en: ' (pull from the server to use its version)' }
      : c.origin === 'workbook' || c.origin === 'plan-file'
        ? { zh: '（重新从服务器拉取可更新）', en: ' (pull from the server again to refresh it)' }
        : { zh: '', en: '' };
  return { zh: `审核规则：${r.zh}；指标目录：${k.zh}${hint.zh}`, en: `rules: ${r.en}; catalog: ${k.en}${hint.en}` };
}
