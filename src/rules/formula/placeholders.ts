/**
 * The placeholders a 审核公式's 提示信息 may hold (messages.ts fills them): anything else in braces would be
 * printed as written, so `{左直}` or `{__proto__}` is refused where the rule is written — the sheet
 * (`planbook rules import`) and the store's PUT /api/rules alike.
 */
export const PLACEHOLDER_NAMES = ['左值', '右值', '差额', '容差', '报告期', '单位', 'left', 'right', 'diff', 'tolerance', 'period', 'unit'] as const;

const KNOWN: ReadonlySet<string> = new Set(PLACEHOLDER_NAMES);

/** The `{…}` tokens of `template` that are not placeholders, in order, each once (empty: all known). */
export function unknownPlaceholders(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/\{([^{}]*)\}/g)) if (!KNOWN.has(m[1]!) && !out.includes(m[0])) out.push(m[0]);
  return out;
}

/** The bilingual reason a message with unknown placeholders is refused (the caller prefixes where). */
export function placeholderProblem(unknown: readonly string[]): { zh: string; en: string } {
  return {
    zh: `提示信息中的 ${unknown.join('、')} 不是可用的占位符；可用：${PLACEHOLDER_NAMES.slice(0, 6)
      .map((n) => `{${n}}`)
      .join(' ')}，请改正或删去`,
    en: `${unknown.join(', ')} in the message is not a placeholder; use ${PLACEHOLDER_NAMES.slice(6)
      .map((n) => `{${n}}`)
      .join(' ')} (or the Chinese ones), or remove it`,
  };
}
