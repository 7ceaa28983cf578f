/**
 * PUT /api/rules and PUT /api/catalog check their bodies against the declarations the OpenAPI document
 * publishes (rules/ruleset-schema.ts, catalog-schema.ts): each bad shape is a 422 whose problems name
 * the field (a JSON Pointer and, in both sentences, rules[3].severity), nothing is stored; the CLI's
 * `--rules` and `--catalog` files are refused with the very same sentences. Real HTTP, file backend,
 * and one body on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { main } from '../../src/cli/main';
import { writeRulesWorkbook } from '../../src/hosts/xlsx/rules-sheet';
import { COLUMNS } from '../../src/rules/formula/sheet';
import { CatalogEntrySchema, CatalogSchema } from '../../src/rules/catalog-schema';
import { RuleSetSchema } from '../../src/rules/ruleset-schema';
import indicatorsJson from '../../templates/catalog/indicators.json';
import rulesJson from '../../templates/catalog/rules.json';
import { captureIO } from '../support/capture-io';
import { call, startTestServer, type TestServer, suiteServer } from '../support/server';

const HAN = /[\u4e00-\u9fff]/;
type Body = Record<string, unknown>;
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The bundled rule set with one thing changed. */
function rules(change: (r: { version?: unknown; rules: Body[]; formulas?: Body[] } & Body) => void): Body {
  const r = copy(rulesJson) as unknown as { rules: Body[] } & Body;
  change(r);
  return r;
}
/** The bundled catalog with one thing changed. */
function catalog(change: (c: { indicators: Body[] } & Body) => void): Body {
  const c = copy(indicatorsJson) as unknown as { indicators: Body[] } & Body;
  change(c);
  return c;
}

const OK_FORMULA = { id: 'F1', formula: '[地区生产总值] >= 0', severity: 'error' };

/** [what, body, the pointer of the first problem, the readable place both sentences start with] */
const RULE_BODIES: [string, Body, string, string][] = [
  ['a severity that is not one', rules((r) => (r.rules[3]!.severity = 'fatal')), '/rules/3/severity', 'rules[3].severity'],
  ['a kind that does not exist', rules((r) => (r.rules[0]!.kind = 'outliers')), '/rules/0/kind', 'rules[0].kind'],
  ['a misspelt field', rules((r) => (r.rules[1]!.indicator = ['地区生产总值'])), '/rules/1/indicator', 'rules[1].indicator'],
  ['a parameter written as text', rules((r) => (r.rules[2]!.params = { tolerance: '0.5' })), '/rules/2/params/tolerance', 'rules[2].params.tolerance'],
  ['indicators as one name', rules((r) => (r.rules[4]!.indicators = '地区生产总值')), '/rules/4/indicators', 'rules[4].indicators'],
  ['no version', rules((r) => delete r.version), '/version', 'version'],
  ['rules as an object', { version: '1', rules: { a: 1 } }, '/rules', 'rules'],
  ['a formula’s units as a plain string', rules((r) => (r.formulas = [{ ...OK_FORMULA, units: '区财政局' }])), '/formulas/0/units', 'formulas[0].units'],
  ['a formula without its formula', rules((r) => (r.formulas = [{ id: 'F2', severity: 'error' }])), '/formulas/0/formula', 'formulas[0].formula'],
  ['a negative tolerance', rules((r) => (r.formulas = [{ ...OK_FORMULA, tolerance: -1 }])), '/formulas/0/tolerance', 'formulas[0].tolerance'],
  ['an id used twice', rules((r) => (r.formulas = [OK_FORMULA, OK_FORMULA])), '/formulas/1', 'formulas[1]'],
];

const CATALOG_BODIES: [string, Body, string, string][] = [
  ['a kind that does not exist', catalog((c) => (c.indicators[2]!.kind = 'stock')), '/indicators/2/kind', 'indicators[2].kind'],
  ['decimals written as text', catalog((c) => (c.indicators[0]!.decimals = '2')), '/indicators/0/decimals', 'indicators[0].decimals'],
  ['aliases as one name', catalog((c) => (c.indicators[1]!.aliases = 'GDP')), '/indicators/1/aliases', 'indicators[1].aliases'],
  ['a misspelt field', catalog((c) => (c.indicators[3]!.outlierPCT = 30)), '/indicators/3/outlierPCT', 'indicators[3].outlierPCT'],
  ['an entry without a name', catalog((c) => delete c.indicators[4]!.name), '/indicators/4/name', 'indicators[4].name'],
  ['a magnitude the wrong way round', catalog((c) => (c.indicators[0]!.magnitude = [100, 10])), '/indicators/0/magnitude', 'indicators[0].magnitude'],
  ['no indicators', { version: '1', items: [] }, '/indicators', 'indicators'],
];

interface Problem {
  path: string;
  zh: string;
  en: string;
}

async function refused(s: TestServer, name: 'rules' | 'catalog', body: Body, pointer: string, place: string): Promise<Problem[]> {
  const r = await call(s.url, s.tokens.admin, 'PUT', `/api/${name}`, body, { 'if-match': '"0"' });
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(r.body.error.code, 'VALIDATION');
  const problems = r.body.error.details.problems as Problem[];
  assert.equal(problems[0]!.path, pointer, JSON.stringify(problems));
  assert.ok(problems[0]!.zh.startsWith(place) && problems[0]!.en.startsWith(place), JSON.stringify(problems[0]));
  for (const p of problems) assert.ok(HAN.test(p.zh) && !HAN.test(p.en.replace(/“[^”]*”|"[^"]*"|\[[^\]]*\]/g, '')), JSON.stringify(p));
  // The answer's own sentence names the field too.
  assert.ok(r.body.error.zh.includes(place) && r.body.error.en.includes(place), JSON.stringify(r.body.error));
  assert.equal((await call(s.url, s.tokens.admin, 'GET', `/api/${name}`)).body.rev, 0, 'nothing stored');
  return problems;
}

describe('PUT /api/rules and /api/catalog: bodies checked from their declarations (file backend)', function () {
  this.timeout(60_000);
  let s: TestServer;
  let dir = '';
  before(async () => {
    s = await startTestServer({ backend: 'file' });
    dir = mkdtempSync(path.join(tmpdir(), 'pb-config-bodies-'));
    await writeRulesWorkbook(path.join(dir, 'ok.xlsx'), [[...COLUMNS], ['F9', '[地区生产总值] >= 0', '强制性', '', '', '', '', '', '']]);
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // The rule set and the catalog are refused alike: over HTTP, and by `rules import` from a file.
  for (const [kind, bodies, option] of [
    ['rules', RULE_BODIES, '--rules'],
    ['catalog', CATALOG_BODIES, '--catalog'],
  ] as const) {
    for (const [what, body, pointer, place] of bodies) {
      it(`${kind}: ${what} → 422 naming ${place}, nothing stored; rules import ${option} says the same`, async () => {
        const problems = await refused(s, kind, body, pointer, place);
        const file = `${kind}-${pointer.replace(/\W/g, '_')}.json`;
        writeFileSync(path.join(dir, file), JSON.stringify(body));
        const io = captureIO(dir);
        assert.equal(await main(['rules', 'import', 'ok.xlsx', '-o', `out-${file}`, option, file], io), 3);
        const err = io.stderr.join('\n');
        for (const p of problems) assert.ok(err.includes(p.zh) && err.includes(p.en), `${p.en}\nin\n${err}`);
      });
    }
  }

  it('the bundled catalog and rules, and a catalog of the previous version (unit for measureUnit), are stored', async () => {
    const c = await call(
      s.url,
      s.tokens.admin,
      'PUT',
      '/api/catalog',
      catalog((x) => ((x.indicators[0]!.unit = x.indicators[0]!.measureUnit), delete x.indicators[0]!.measureUnit)),
      { 'if-match': '"0"' },
    );
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal((await call(s.url, s.tokens.admin, 'GET', '/api/catalog')).body.value.indicators[0].measureUnit, (indicatorsJson.indicators[0] as { measureUnit: string }).measureUnit);
    const r = await call(
      s.url,
      s.tokens.admin,
      'PUT',
      '/api/rules',
      rules((x) => (x.formulas = [OK_FORMULA])),
      { 'if-match': '"0"' },
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  it('the OpenAPI document compiles, every $ref resolves, and its RuleSet and Catalog are the PUT bodies the store checks with', async () => {
    const doc = (await call(s.url, null, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: unknown }>>; components: { schemas: Record<string, object> } };
    assert.deepEqual(doc.components.schemas.RuleSet, JSON.parse(JSON.stringify(RuleSetSchema)));
    const entry = JSON.parse(JSON.stringify(doc.components.schemas.CatalogEntry)) as { properties: Record<string, { deprecated?: boolean }> };
    assert.equal(entry.properties.unit!.deprecated, true, 'the old name of measureUnit, published as deprecated');
    delete entry.properties.unit;
    assert.deepEqual(entry, JSON.parse(JSON.stringify(CatalogEntrySchema)));
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]*"/g) ?? [];
    for (const ref of new Set(refs)) {
      const name = /#\/components\/schemas\/([^"]+)"/.exec(ref)?.[1] ?? /#\/components\/responses\/([^"]+)"/.exec(ref)?.[1];
      assert.ok(name && ((doc.components.schemas as Record<string, unknown>)[name] || name === 'Error'), ref);
    }
    for (const [route, schema] of [
      ['/api/rules', 'RuleSet'],
      ['/api/catalog', 'Catalog'],
    ] as const)
      assert.deepEqual(doc.paths[route]!.put!.requestBody, { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });
    // strict: false, for OpenAPI's own `deprecated`; the document is one schema so its $refs resolve inside it.
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
    ajv.addSchema(doc, 'openapi');
    for (const name of Object.keys(doc.components.schemas)) assert.ok(ajv.getSchema(`openapi#/components/schemas/${name}`), name);
    const isRuleSet = ajv.getSchema('openapi#/components/schemas/RuleSet')!;
    const isCatalog = ajv.getSchema('openapi#/components/schemas/Catalog')!;
    assert.equal(isRuleSet(rulesJson), true, JSON.stringify(isRuleSet.errors));
    assert.equal(isCatalog(indicatorsJson), true, JSON.stringify(isCatalog.errors));
    for (const [, body] of RULE_BODIES.filter(([what]) => what !== 'an id used twice')) assert.equal(isRuleSet(body), false);
    for (const [, body] of CATALOG_BODIES.filter(([what]) => what !== 'a magnitude the wrong way round')) assert.equal(isCatalog(body), false);
    assert.equal(JSON.stringify(doc.components.schemas.Catalog).includes(JSON.stringify(CatalogSchema.properties.version)), true);
  });
});

describe('PUT /api/rules: a bad body on PostgreSQL', function () {
  this.timeout(120_000);
  const s = suiteServer({ backend: 'postgres' });

  it('a severity that is not one → the same 422 naming rules[3].severity, nothing stored', async () => {
    const [, body, pointer, place] = RULE_BODIES[0]!;
    await refused(s, 'rules', body, pointer, place);
    const [, cbody, cpointer, cplace] = CATALOG_BODIES[0]!;
    await refused(s, 'catalog', cbody, cpointer, cplace);
  });
});
