/**
 * What a formula's tree is known to be before any figure is read: the value of a part made of numbers
 * alone, so a divisor that is always 0 is refused when the rule is written instead of said for every
 * unit × period at run time.
 */
import type { Node } from './syntax';

/** The value of a subtree made of numbers and arithmetic alone (`0`, `1 - 1`, `-(2 * 0)`), else null: what a divisor is known to be before any figure is read. */
export function constantOf(n: Node): number | null {
  if (n.k === 'num') return n.v;
  if (n.k === 'neg') {
    const a = constantOf(n.a);
    return a === null ? null : -a;
  }
  if (n.k !== 'bin') return null;
  const l = constantOf(n.l);
  const r = constantOf(n.r);
  if (l === null || r === null) return null;
  switch (n.op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return r === 0 ? null : l / r;
    default:
      return null;
  }
}
