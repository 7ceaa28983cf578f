/**
 * 完成时限 → an ISO date: 2023年10月底 → 2023-10-31, 2023年6月 → 2023-06-30, 2023年第三季度 → 2023-09-30,
 * 2023年上半年 → 2023-06-30, 年底 → the plan year's 12-31; 长期 / 持续推进 → null with no problem;
 * a date with an ongoing note, 2023年12月底（长期坚持）→ 2023-12-31.
 */
import { chineseSmallNumber } from './numbers';

export type DeadlineResult = { ok: true; date: string | null } | { ok: false };

function lastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const ONGOING = /^(长期|长期坚持|持续|持续推进|持续开展|常态化|常态|按年度推进|每年|每半年|每季度|每月|逐年推进|动态推进)/;

export function parseDeadline(raw: string, planYear: number): DeadlineResult {
  const s = raw.replace(/[\s。；，]+$/g, '').replace(/\s+/g, '');
  if (s === '') return { ok: false };
  if (ONGOING.test(s)) return { ok: true, date: null };
  // A date with a note on how the work goes on after it (2023年12月底（长期坚持）): the date is the
  // deadline, the note says nothing more about it (newcomer report D16).
  const noted = /^(.+?)[（(]([^（）()]+)[）)]$/.exec(s);
  if (noted && ONGOING.test(noted[2])) return parseDeadline(noted[1], planYear);
  // A span (2023年—2025年, 2023年至2025年底) is due at its end.
  // A span within a year (2023年9月至12月, 9—10月) is due at its end too: its last month carries the year.
  const span = /[—\-~～至到]+(?=\d{4}年)/.exec(s);
  const monthSpan = span ? null : /^(\d{4}年)?\d{1,2}(?:月(?:份|中旬|上旬)?)?[—\-~～至到]+(?=\d{1,2}月)/.exec(s);
  const tail = span ? s.slice(span.index + span[0].length) : monthSpan ? (monthSpan[1] ?? '') + s.slice(monthSpan[0].length) : s;
  const ym = /^(?:(\d{4})年)?(.*)$/.exec(tail);
  if (!ym) return { ok: false };
  const year = ym[1] ? Number(ym[1]) : planYear;
  const rest = ym[2].replace(/(?:前|之前|以前|完成|内|期间)+$/, '');
  if (rest === '' || /^(年?底|年末|全年|年内|12月底)$/.test(rest)) return ym[1] || rest !== '' ? { ok: true, date: `${year}-12-31` } : { ok: false };
  let m = /^(\d{1,2})月(?:底|末|份|中旬|下旬)?$/.exec(rest);
  if (m) {
    const month = Number(m[1]);
    return month >= 1 && month <= 12 ? { ok: true, date: lastDay(year, month) } : { ok: false };
  }
  m = /^(\d{1,2})月(\d{1,2})日$/.exec(rest);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > Number(lastDay(year, month).slice(8))) return { ok: false };
    return { ok: true, date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
  }
  m = /^第?([一二三四1-4])季度(?:末|底)?$/.exec(rest);
  if (m) {
    const q = chineseSmallNumber(m[1]);
    return q && q >= 1 && q <= 4 ? { ok: true, date: lastDay(year, q * 3) } : { ok: false };
  }
  if (/^上半年(?:末|底)?$/.test(rest)) return { ok: true, date: lastDay(year, 6) };
  if (/^下半年$/.test(rest)) return { ok: true, date: lastDay(year, 12) };
  return { ok: false };
}
