/**
 * Every message a user can see exists in zh-CN (first: the users are Chinese statisticians)
 * and in English. Keeping both in one object means a message cannot be added in one language only.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

export function msg(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** "中文 / English", for places that show both (CLI stderr, HTTP error bodies read by people). */
export function both(m: Bilingual): string {
  return `${m.zh} / ${m.en}`;
}

export function pick(m: Bilingual, lang: Lang): string {
  return lang === 'en' ? m.en : m.zh;
}

/** A label as a heading or a menu item shows it: the English word capitalised (the labels beside their types are lower case, to sit inside sentences). */
export function asHeading(m: Bilingual): Bilingual {
  return { zh: m.zh, en: m.en.charAt(0).toUpperCase() + m.en.slice(1) };
}
