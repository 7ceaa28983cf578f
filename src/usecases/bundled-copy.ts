/**
 * The bundled catalog and rules as a carried copy at revision 0: what seeds a new store, what a plan
 * file made offline carries, and what offline work falls back to when nothing is carried.
 */
import { loadDefaultCatalog, loadDefaultRules } from '../rules';
import type { CarriedCopy } from './carried';

export function bundledCopy(): CarriedCopy {
  return { catalog: { rev: 0, value: loadDefaultCatalog() }, rules: { rev: 0, value: loadDefaultRules() } };
}
