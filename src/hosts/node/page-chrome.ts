/**
 * What of a saved government web page is the document, and what is the page around it.
 *
 * Government sites are built on a few content systems (TRS, 大汉, 政务公开 templates) whose article
 * sits in one container (#zoom, .TRS_Editor, #UCAP-CONTENT, .article-content …) inside menus,
 * breadcrumbs (首页 > 政务公开 > …), tool bars (打印 / 字号 大 中 小 / 关闭窗口), share links and
 * footers. Rather than a list of sites, the container is found by what it holds: the element with
 * the most Chinese text that is not link text, as long as it holds most of the page's text. The
 * title, which these templates often put above the container, is kept when the container does not
 * repeat it. Navigation elements and link lists are removed first.
 */
import type { CheerioAPI } from 'cheerio';
import type { Element } from './dom-types';

const CHROME_SELECTOR = 'nav, header, footer, aside, [role=navigation], [role=banner], [role=contentinfo]';
/** Class or id words of menus, breadcrumbs, tool bars, share bars and footers. */
const CHROME_NAME =
  /(?:^|[-_\s])(?:nav|navbar|menu|breadcrumb|crumbs?|position|location|dqwz|share|bshare|print|toolbar|tools|sidebar|side|banner|footer|foot|bottom|copyright|links?|friendlink|search|login|top)(?:$|[-_\s\d])/i;
const CJK = /[\u3400-\u9fff]/g;

/** Lines of page chrome that survive in the content: breadcrumbs, tool words, view counters. */
const CHROME_LINES: RegExp[] = [
  /^(?:首页|网站首页|当前位置|您当前的位置|您现在的位置|所在位置)\s*(?:[>＞»:：]|$)/,
  /^\S{1,12}\s*[>＞»]\s*\S{1,12}\s*[>＞»]/,
  /^[【[]?\s*(?:打印|打印本页|打印此页|关闭|关闭窗口|关闭本页|返回顶部|收藏|加入收藏)\s*[】\]]?$/,
  /^(?:[【[]?\s*(?:打印|关闭窗口|关闭|返回顶部|收藏)\s*[】\]]?\s*){2,}$/,
  /^字号[:：]?\s*(?:[【[]?\s*[大中小]\s*[】\]]?\s*){0,3}$/,
  /^(?:分享到|扫一扫|浏览次数|访问次数|阅读次数|点击数|上一篇|下一篇)[:：]?/,
];

function cjkCount(s: string): number {
  return s.match(CJK)?.length ?? 0;
}

/** Removes navigation elements and blocks whose class or id names them as chrome. */
export function dropChrome($: CheerioAPI): void {
  $(CHROME_SELECTOR).remove();
  $('[class], [id]').each((_, el) => {
    const names = `${$(el).attr('class') ?? ''} ${$(el).attr('id') ?? ''}`;
    // A container that holds the document itself is never chrome, whatever its class says.
    if (CHROME_NAME.test(names) && cjkCount($(el).text()) < 300) $(el).remove();
  });
  // Lists that are mostly links are menus.
  $('ul, ol').each((_, el) => {
    const all = cjkCount($(el).text());
    const linked = cjkCount($(el).find('a').text());
    if (all > 0 && linked / all > 0.7) $(el).remove();
  });
}

/** Own text of an element minus link text, in Chinese characters. */
function bodyText($: CheerioAPI, el: Element): number {
  return cjkCount($(el).text()) - cjkCount($(el).find('a').text());
}

/**
 * The elements to read: the content container (and the page title before it when the container
 * does not contain it), or the whole body when no one container holds most of the text.
 */
export function contentRoot($: CheerioAPI): Element[] {
  const body = $('body')[0] as Element | undefined;
  if (!body) return $.root().children().toArray() as Element[];
  const total = bodyText($, body);
  let best: { el: Element; n: number } | null = null;
  $('body div, body td, body article, body main, body section').each((_, el) => {
    const n = bodyText($, el);
    // The deepest element that still holds most of the text: a smaller one at least as good wins.
    if (n >= total * 0.6 && (!best || n <= best.n)) best = { el, n };
  });
  const found = best as { el: Element; n: number } | null;
  if (!found) return [body];
  const rootText = $(found.el).text().replace(/\s+/g, '');
  const titles = $('h1, h2, [class*=title], [id*=title]')
    .toArray()
    .filter((el) => !$(found.el).find(el).length && el !== found.el)
    .map((el) => el as Element)
    .filter((el) => {
      const t = $(el).text().replace(/\s+/g, '');
      return cjkCount(t) >= 6 && t.length <= 80 && !rootText.includes(t);
    });
  return [...titles.slice(0, 1), found.el];
}

/** Whether a line of the content is page chrome (a breadcrumb, 打印, 字号, a view counter). */
export function isChromeLine(text: string): boolean {
  const t = text.trim();
  return t.length <= 60 && CHROME_LINES.some((re) => re.test(t));
}
