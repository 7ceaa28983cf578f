/**
 * Options the `planbook rules` subcommands share: the catalog, the current rule set, the token.
 */
import { readFile } from 'node:fs/promises';
import type { CliIO } from './command';
import { UsageError } from './args';
import { PlanbookError } from '../model/errors';
import { loadDefaultCatalog, loadDefaultRules, validateCatalog, validateRuleSet, type Catalog, type RuleSet } from '../rules';
import { resolvePath } from './check-output';
import { expectKind, jsonOption } from './input-kind';

async function readJsonFile(io: CliIO, file: string, what: { zh: string; en: string }, option: string): Promise<unknown> {
  // A workbook or CSV given to --rules/--catalog is named as such (input-kind.ts), not "not valid JSON".
  await expectKind(resolvePath(io, file), file, jsonOption(option, { zh: `${what.zh}（JSON）`, en: `a ${what.en} (JSON)` }));
  let text: string;
  try {
    text = await readFile(resolvePath(io, file), 'utf8');
  } catch {
    throw new PlanbookError('BAD_DOCUMENT', { zh: `${what.zh} ${file} 不存在或无法读取`, en: `The ${what.en} ${file} does not exist or cannot be read` });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new PlanbookError('BAD_DOCUMENT', { zh: `${what.zh} ${file} 不是有效的 JSON（${String(e)}）`, en: `The ${what.en} ${file} is not valid JSON (${String(e)})` });
  }
}

export async function loadCatalogOption(io: CliIO, file: string | undefined): Promise<Catalog> {
  if (!file) return loadDefaultCatalog();
  const r = validateCatalog(await readJsonFile(io, file, { zh: '指标目录文件', en: 'catalog file' }, '--catalog'));
  if (!r.catalog || r.problems.length > 0)
    throw new PlanbookError('VALIDATION', { zh: `指标目录 ${file} 有误：${r.problems.map((p) => p.zh).join('；')}`, en: `The catalog ${file} is wrong: ${r.problems.map((p) => p.en).join('; ')}` });
  return r.catalog;
}

export async function loadRulesOption(io: CliIO, file: string | undefined): Promise<RuleSet> {
  if (!file) return loadDefaultRules();
  const r = validateRuleSet(await readJsonFile(io, file, { zh: '规则文件', en: 'rules file' }, '--rules'));
  if (!r.ruleSet || r.problems.length > 0)
    throw new PlanbookError('VALIDATION', { zh: `规则文件 ${file} 有误：${r.problems.map((p) => p.zh).join('；')}`, en: `The rules file ${file} is wrong: ${r.problems.map((p) => p.en).join('; ')}` });
  return r.ruleSet;
}

export function tokenOf(io: CliIO, token: string | undefined): string {
  const t = token ?? io.env.PLANBOOK_TOKEN;
  if (!t) throw new UsageError('缺少 --token（或环境变量 PLANBOOK_TOKEN）', 'Missing --token (or PLANBOOK_TOKEN)');
  return t;
}
