/**
 * Who may do what, in one place. Each rule throws a bilingual 403 that names what was refused, so a
 * user (and the audit) can tell a wrong token from a wrong unit.
 */
import { PlanbookError } from '../model/errors';
import type { Principal } from './users';
import { inScope, readScopeOf } from '../usecases/read-scope';

/** A filler reads its own units; reviewers and admins every unit (the rule is usecases/read-scope.ts readScopeOf, which the report's 无权查看 rows follow). */
export function canReadUnit(p: Principal, unit: string): boolean {
  return inScope(readScopeOf(p), unit);
}

export function requireUnitRead(p: Principal, unit: string): void {
  if (!canReadUnit(p, unit)) {
    throw new PlanbookError('FORBIDDEN', {
      zh: `${p.name} 只能查看本单位（${p.units.join('、')}）的数据，不能查看“${unit}”`,
      en: `${p.name} may only read its own units (${p.units.join(', ')}), not "${unit}"`,
    });
  }
}

/** Figures are entered by the unit's fillers; an admin may correct them. Reviewers return, they do not edit. */
export function requireUnitWrite(p: Principal, unit: string): void {
  if (p.role === 'admin') return;
  if (p.role === 'filler' && p.units.includes(unit)) return;
  throw new PlanbookError('FORBIDDEN', {
    zh: p.role === 'filler' ? `${p.name} 只能填报本单位（${p.units.join('、')}）的数据，不能修改“${unit}”` : `审核人不能修改填报数据；请退回给“${unit}”修改`,
    en: p.role === 'filler' ? `${p.name} may only fill its own units (${p.units.join(', ')}), not "${unit}"` : `Reviewers do not edit figures; return the submission to "${unit}" instead`,
  });
}

export function requireReviewer(p: Principal, what: { zh: string; en: string }): void {
  if (p.role !== 'reviewer') {
    throw new PlanbookError('FORBIDDEN', { zh: `只有审核人（reviewer）才能${what.zh}`, en: `Only a reviewer may ${what.en}` });
  }
}

export function requireAdmin(p: Principal, what: { zh: string; en: string }): void {
  if (p.role !== 'admin') {
    throw new PlanbookError('FORBIDDEN', { zh: `只有管理员（admin）才能${what.zh}`, en: `Only an admin may ${what.en}` });
  }
}
