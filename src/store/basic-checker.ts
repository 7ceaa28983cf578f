/**
 * The smallest honest check, used when no rules module is wired in: a figure must be a number or
 * empty. The real checks (src/rules checkSubmission) replace it in `planbook serve`.
 */
import type { Finding } from '../model/finding';
import { submissionFigures } from '../model/submission';
import type { Checker } from './service';

export const basicChecker: Checker = (_plan, s) => {
  const out: Finding[] = [];
  for (const f of submissionFigures(s)) {
    for (const k of ['value', 'growth', 'base'] as const) {
      const v = f[k];
      if (typeof v === 'string' && v.trim() !== '') {
        out.push({
          rule: 'not-a-number',
          severity: 'error',
          subject: { kind: 'figure', unit: s.unit, indicator: f.indicator, period: s.period },
          field: `figures/${f.indicator}/${k}`,
          message: { zh: `“${f.indicator}”应填数字，现为“${v}”`, en: `"${f.indicator}" must be a number, not "${v}"` },
          numbers: {},
          explained: false,
        });
      }
    }
  }
  return out;
};
