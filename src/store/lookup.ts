/**
 * Answers the add-in's custom functions (=PLANBOOK.TARGET, .ACTUAL, .PROGRESS) in one round trip:
 * wiring over src/usecases/figure-lookup.ts, which reads them off the district report's rows, so the
 * cell in Excel and the report table agree to the digit.
 */
import type { Plan } from '../model/plan';
import type { Submission } from '../model/submission';
import type { LookupAnswer, LookupQuery } from '../sync/protocol';
import { lookupFigures } from '../usecases/figure-lookup';
import type { Backend } from './backend';
import { storeSources } from './sources';
import type { ReadScope } from '../usecases/read-scope';

export interface LookupSources {
  backend: Pick<Backend, 'getConfig'>;
  plan: Plan;
  /** The plan's submissions the caller may read. */
  submissions: () => Promise<Submission[]>;
  /** Whose submissions those are: the caller's read scope (usecases/read-scope.ts hides the figures of units outside it). */
  scope?: ReadScope;
}

export function lookup(src: LookupSources, queries: readonly LookupQuery[]): Promise<LookupAnswer[]> {
  return lookupFigures(storeSources(src), queries);
}
