/**
 * Request bodies nested too deeply (tester finding F3.4) and the reasons of refused names and
 * charsets (F3.8): each a 4xx that says what is wrong and what to send instead.
 */
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/store/json-depth';
import { textProblems } from '../../src/store/text-policy';
import { call, startTestServer, type TestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');

describe('json depth: a body nested too deeply is refused before any walk', function () {
  this.timeout(60_000);

  it('counts brackets outside strings only, at any depth without recursion', () => {
    assert.equal(nestsDeeperThan('['.repeat(100_000) + ']'.repeat(100_000)), true);
    assert.equal(nestsDeeperThan('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)), false);
    assert.equal(nestsDeeperThan('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)), true);
    // Brackets inside a string, and an escaped quote before them, are text.
    assert.equal(nestsDeeperThan(JSON.stringify({ note: '\\"' + '['.repeat(1000) })), false);
  });

  it('the text policy walk stops at the bound instead of overflowing the stack', () => {
    let v: unknown = 'x';
    for (let i = 0; i < 100_000; i++) v = [v];
    const p = textProblems(v);
    assert.equal(p.length, 1);
    assert.match(p[0]!.en, /nested too deeply/);
  });

  describe('over HTTP (file backend)', () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer({});
    });
    after(() => s.stop());

    it('100,000 levels → 400 "nested too deeply", bilingual, and the server answers the next request', async () => {
      const r = await call(s.url, s.tokens.filler, 'PUT', SUB, `{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, { 'if-match': '"0"' });
      assert.equal(r.status, 400);
      assert.match(r.body.error.zh, /嵌套过深/);
      assert.match(r.body.error.en, /nested too deeply.*check the program/);
      assert.equal((await call(s.url, s.tokens.filler, 'GET', SUB)).status, 200);
    });

    it('"__proto__" as an indicator name is told it is reserved, not that its length is wrong', async () => {
      const r = await call(s.url, s.tokens.filler, 'PUT', SUB, '{"data":{"figures":{"__proto__":{"value":1}}}}', { 'if-match': '"0"' });
      assert.equal(r.status, 422);
      assert.match(r.body.error.zh, /“__proto__”是程序保留字/);
      assert.match(r.body.error.en, /"__proto__" is reserved/);
      assert.doesNotMatch(r.body.error.en, /characters/);
    });

    it('a GBK body says to send UTF-8; so do bytes that are not UTF-8', async () => {
      const gbk = await call(s.url, s.tokens.filler, 'PUT', SUB, { data: { figures: {} } }, { 'if-match': '"0"', 'content-type': 'application/json; charset=GBK' });
      assert.equal(gbk.status, 415);
      assert.match(gbk.body.error.zh, /gbk.*请以 UTF-8 编码发送/);
      assert.match(gbk.body.error.en, /send it as UTF-8/);
      // 一般 in GBK (D2 BB B0 E3): not UTF-8.
      const bytes = Buffer.concat([Buffer.from('{"data":{"figures":{"'), Buffer.from([0xd2, 0xbb, 0xb0, 0xe3]), Buffer.from('":{"value":1}}}}')]);
      const res = await fetch(s.url + SUB, { method: 'PUT', headers: { authorization: `Bearer ${s.tokens.filler}`, 'content-type': 'application/json', 'if-match': '"0"' }, body: bytes });
      const body = (await res.json()) as { error: { zh: string; en: string } };
      assert.equal(res.status, 422);
      assert.match(body.error.zh, /请以 UTF-8 编码发送/);
      assert.match(body.error.en, /send the body as UTF-8/);
    });
  });
});
