import { strict as assert } from 'node:assert';
import { importDocuments, type SourceDocument } from '../../src/importer';
import { cleanLine } from '../../src/importer/normalize';
import { allSeeds } from './seeds';

/** The cleaned text of a 1-based original line. */
function lineOf(doc: SourceDocument, line: number): string {
  return cleanLine(doc.text.split(/\r\n|\r|\n/)[line - 1] ?? '');
}

function numberIn(text: string, n: number): boolean {
  const s = String(Math.abs(n));
  return new RegExp(`(?<![\\d.])${s.replace('.', '\\.')}(?![\\d])`).test(text);
}

/** Tiny deterministic generator, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('importer: properties over the seeds', () => {
  const docs = allSeeds();
  const byId = new Map(docs.map((d) => [d.id, d]));
  const { plan } = importDocuments(docs);

  it('every number of every actual figure is written on the line it cites', () => {
    for (const a of plan.actuals) {
      const text = lineOf(byId.get(a.source.document)!, a.source.line);
      if (a.value !== null) assert.ok(numberIn(text, a.value), `${a.indicator} ${a.value} not on line ${a.source.line}`);
      if (a.growth !== null) assert.ok(numberIn(text, a.growth), `${a.indicator} growth ${a.growth} not on line ${a.source.line}`);
      assert.ok(text.includes(a.text.split('，')[0]), `${a.text} not on line ${a.source.line}`);
    }
  });

  it('every target value is written on its line (as digits, or 千 for 1000)', () => {
    for (const t of plan.targets) {
      if (t.value === null || t.measure === 'qualitative') continue;
      const text = lineOf(byId.get(t.source.document)!, t.source.line);
      assert.ok(numberIn(text, t.value) || (t.value === 1000 && text.includes('千')), `${t.indicator} ${t.value} not on line ${t.source.line}`);
    }
  });

  it('every task cites the line where its number is written', () => {
    for (const t of plan.tasks) {
      const text = lineOf(byId.get(t.source.document)!, t.source.line);
      assert.match(text, new RegExp(`^(?:${t.no}[.．、]|[（(]${t.no}[）)])`));
    }
  });

  it('every goal value is on its line', () => {
    for (const g of plan.goals) {
      if (g.value === null) continue;
      assert.ok(numberIn(lineOf(byId.get(g.source.document)!, g.source.line), g.value), g.text);
    }
  });

  it('is deterministic and leaves its input alone', () => {
    const copy = docs.map((d) => ({ ...d }));
    const again = importDocuments(copy);
    assert.deepEqual(again.plan, plan);
    assert.deepEqual(copy, docs);
  });

  it('never throws on damaged documents (cut, shuffled, lines dropped) and still cites real lines', () => {
    const random = rng(20231);
    for (let round = 0; round < 40; round++) {
      const d = docs[round % docs.length];
      const lines = d.text.split('\n');
      let mangled: string[];
      if (round % 3 === 0) mangled = lines.slice(0, Math.floor(random() * lines.length));
      else if (round % 3 === 1) mangled = lines.filter(() => random() > 0.3);
      else mangled = lines.map((l) => (random() > 0.8 ? l.slice(0, Math.floor(random() * l.length)) : l)).sort(() => random() - 0.5);
      const text = mangled.join('\n');
      const r = importDocuments([{ id: d.id, text }]);
      const count = text.split('\n').length;
      for (const x of [...r.plan.tasks, ...r.plan.targets, ...r.plan.actuals, ...r.plan.goals]) {
        assert.ok(x.source.line >= 1 && x.source.line <= count, `line ${x.source.line} of ${count}`);
      }
      for (const p of r.problems) assert.ok(p.message.zh && p.message.en);
    }
  });

  it('never throws on text that is not a document at all', () => {
    const random = rng(7);
    for (let round = 0; round < 30; round++) {
      const chars = Array.from({ length: 2000 }, () => String.fromCharCode(Math.floor(random() * 0x9fff)));
      const r = importDocuments([{ id: 'noise.txt', text: chars.join('') }]);
      assert.deepEqual(r.plan.tasks, []);
      assert.ok(r.problems.length >= 1);
    }
    for (const text of ['', '\n\n', '一、', '1.', '牵头领导：', '主要目标是：', '9'.repeat(10000)]) {
      assert.doesNotThrow(() => importDocuments([{ id: 'x.txt', text }]));
    }
  });
});
