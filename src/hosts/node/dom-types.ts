/**
 * The DOM node types of cheerio's own parser. cheerio bundles its own copy of domhandler, whose
 * classes differ (for the compiler) from the top-level domhandler's, so they are taken from
 * cheerio's signatures rather than imported.
 */
import type { CheerioAPI } from 'cheerio';

export type AnyNode = Parameters<CheerioAPI['contains']>[1];
export type Element = Extract<AnyNode, { attribs: Record<string, string> }>;
