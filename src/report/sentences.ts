/**
 * Draft sentences in the documents' own style, generated from the rows of 主要经济指标完成情况表:
 * "一般公共预算收入58.18亿元，同比增长4.1%，完成全年任务的63.2%，超时间进度13.2个百分点".
 * A statistician edits them into the report; they never say more than the numbers do.
 */
import type { Bilingual } from '../model/i18n';
import { fmt } from '../rules/format';
import type { MainIndicatorRow } from './main-indicators';

function amount(r: MainIndicatorRow): { zh: string; en: string } {
  if (r.value === null) return { zh: '', en: '' };
  const v = fmt(r.value, r.decimals);
  return r.measureUnit === '%' ? { zh: `${v}%`, en: ` ${v}%` } : { zh: `${v}${r.measureUnit}`, en: ` ${v} ${r.measureUnit}` };
}

/** One sentence per row that has something to say; rows without data are skipped. */
export function draftSentences(rows: readonly MainIndicatorRow[]): Bilingual[] {
  const out: Bilingual[] = [];
  for (const r of rows) {
    if (r.value === null && r.growth === null) continue;
    const zh: string[] = [];
    const en: string[] = [];
    const a = amount(r);
    zh.push(`${r.indicator}${a.zh}`);
    en.push(`${r.indicator}${a.en}`);
    if (r.growth !== null) {
      zh.push(r.growth >= 0 ? `同比增长${fmt(r.growth, 1)}%` : `同比下降${fmt(-r.growth, 1)}%`);
      en.push(r.growth >= 0 ? `up ${fmt(r.growth, 1)}% year on year` : `down ${fmt(-r.growth, 1)}% year on year`);
    }
    if (r.completionPct !== null && r.aheadPoints !== null) {
      zh.push(`完成全年任务的${fmt(r.completionPct, 1)}%`);
      en.push(`${fmt(r.completionPct, 1)}% of the annual target`);
      const ap = Math.abs(r.aheadPoints);
      if (ap < 0.05) {
        zh.push('与时间进度持平');
        en.push('in step with time progress');
      } else {
        zh.push(`${r.aheadPoints > 0 ? '超' : '低于'}时间进度${fmt(ap, 1)}个百分点`);
        en.push(`${fmt(ap, 1)} points ${r.aheadPoints > 0 ? 'ahead of' : 'behind'} time progress`);
      }
    } else if (r.diffPoints !== null && r.targetGrowth !== null) {
      const d = Math.abs(r.diffPoints);
      if (d < 0.05) {
        zh.push('与全年预期目标持平');
        en.push('level with the annual target');
      } else {
        zh.push(`${r.diffPoints > 0 ? '高于' : '低于'}全年预期目标${fmt(d, 1)}个百分点`);
        en.push(`${fmt(d, 1)} points ${r.diffPoints > 0 ? 'above' : 'below'} the annual target`);
      }
    } else if (r.check === 'ceiling' && r.bound !== null && r.value !== null && (r.status === 'met' || r.status === 'not-met')) {
      // The documents' own words for a ceiling: 登记失业率控制在3.66% — the value is said with 控制在, then the bound.
      const b = r.measureUnit === '%' ? `${fmt(r.bound, r.decimals)}%` : `${fmt(r.bound, r.decimals)}${r.measureUnit}`;
      if (r.status === 'met') {
        zh[0] = `${r.indicator}控制在${a.zh}`;
        zh.push(r.value < r.bound ? `低于全年控制目标${b}` : `达到全年控制目标${b}`);
        en.push(`within the annual ceiling of ${b}`);
      } else {
        zh.push(`超出全年控制目标${b}`);
        en.push(`above the annual ceiling of ${b}`);
      }
    }
    out.push({ zh: zh.join('，'), en: en.join(', ') });
  }
  return out;
}
