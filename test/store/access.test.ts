/**
 * Every access rule, over real HTTP on both backends: who may read, write, approve, import and edit
 * rules, and that every refusal is a bilingual 401/403 that changes nothing and is audited.
 */
import assert from 'node:assert/strict';
import { call, smallPlan, suiteServer } from '../support/server';

const CAIZHENG = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const SHANGWU = encodeURI('/api/plans/small-2023/submissions/区商务局/2023-06/indicators');
const edit = { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: null, value: 1 }] };

function bilingual403(r: { status: number; body: { error: { code: string; zh: string; en: string } } }): void {
  assert.equal(r.status, 403);
  assert.equal(r.body.error.code, 'FORBIDDEN');
  assert.match(r.body.error.zh, /[\u4e00-\u9fff]/);
  assert.match(r.body.error.en, /[a-z]/);
}

for (const backend of ['file', 'postgres'] as const) {
  describe(`store access (${backend})`, function () {
    this.timeout(60_000);
    const s = suiteServer({ backend });

    it('no token, a wrong token and a revoked token are 401 in both languages', async () => {
      for (const token of [null, 'pb_not-a-token']) {
        const r = await call(s.url, token, 'GET', '/api/plans');
        assert.equal(r.status, 401);
        assert.equal(r.body.error.code, 'UNAUTHENTICATED');
        assert.ok(r.body.error.zh.length > 0 && r.body.error.en.length > 0);
      }
      const token = await s.server.users.add('temp', 'filler', ['区财政局']);
      assert.equal((await call(s.url, token, 'GET', CAIZHENG)).status, 200);
      await s.server.users.revoke('temp');
      await new Promise((r) => setTimeout(r, 1100)); // past the user caches
      assert.equal((await call(s.url, token, 'GET', CAIZHENG)).status, 401);
    });

    it('a filler of 区商务局 cannot read or write 区财政局’s submission, and nothing changes', async () => {
      bilingual403(await call(s.url, s.tokens.filler2, 'GET', CAIZHENG));
      bilingual403(await call(s.url, s.tokens.filler2, 'PATCH', CAIZHENG, edit));
      bilingual403(await call(s.url, s.tokens.filler2, 'PUT', CAIZHENG, { data: { figures: {} } }, { 'if-match': '"0"' }));
      bilingual403(await call(s.url, s.tokens.filler2, 'GET', `${CAIZHENG}/audit`));
      bilingual403(await call(s.url, s.tokens.filler2, 'POST', `${CAIZHENG}/submit`, undefined, { 'if-match': '"0"' }));
      assert.equal((await call(s.url, s.tokens.filler, 'GET', CAIZHENG)).body.rev, 0);
      // but its own unit is fine
      const r = await call(s.url, s.tokens.filler2, 'PATCH', SHANGWU, { baseRev: 0, edits: [{ field: 'figures/社会消费品零售总额/value', base: null, value: 300 }] });
      assert.equal(r.status, 200);
    });

    it('a filler sees only its own units in the status list; a reviewer sees all', async () => {
      await call(s.url, s.tokens.filler, 'PATCH', CAIZHENG, { baseRev: 0, edits: [{ field: 'figures/一般公共预算收入/value', base: null, value: 2 }] });
      const own = await call(s.url, s.tokens.filler2, 'GET', '/api/plans/small-2023/submissions?period=2023-06');
      assert.deepEqual(
        own.body.submissions.map((x: { orgUnit: string }) => x.orgUnit),
        ['区商务局'],
      );
      const all = await call(s.url, s.tokens.reviewer, 'GET', '/api/plans/small-2023/submissions?period=2023-06');
      assert.deepEqual(all.body.submissions.map((x: { orgUnit: string }) => x.orgUnit).sort(), ['区商务局', '区财政局'].sort());
    });

    it('a filler cannot approve or return; a reviewer cannot edit figures', async () => {
      bilingual403(await call(s.url, s.tokens.filler2, 'POST', `${SHANGWU}/approve`, undefined, { 'if-match': '"1"' }));
      bilingual403(await call(s.url, s.tokens.filler, 'POST', `${CAIZHENG}/return`, { reason: 'x' }, { 'if-match': '"1"' }));
      bilingual403(await call(s.url, s.tokens.reviewer, 'PATCH', CAIZHENG, { baseRev: 1, edits: [{ field: 'figures/一般公共预算收入/value', base: 2, value: 3 }] }));
    });

    it('only an admin imports plans and edits the catalog and rules', async () => {
      for (const who of ['filler', 'filler2', 'reviewer'] as const) {
        bilingual403(await call(s.url, s.tokens[who], 'POST', '/api/plans', smallPlan('other-2023')));
        const rules = await call(s.url, s.tokens[who], 'GET', '/api/rules');
        assert.equal(rules.status, 200);
        bilingual403(await call(s.url, s.tokens[who], 'PUT', '/api/rules', rules.body.value, { 'if-match': `"${rules.body.rev}"` }));
      }
      assert.deepEqual(
        (await call(s.url, s.tokens.admin, 'GET', '/api/plans')).body.plans.map((p: { id: string }) => p.id),
        ['small-2023'],
      );
      const rules = await call(s.url, s.tokens.admin, 'GET', '/api/rules');
      let r = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', rules.body.value);
      assert.equal(r.status, 428);
      r = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', rules.body.value, { 'if-match': '"0"' });
      assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 300));
      assert.equal(r.body.rev, 1);
      assert.equal((await call(s.url, s.tokens.admin, 'PUT', '/api/rules', rules.body.value, { 'if-match': '"0"' })).status, 412);
      r = await call(s.url, s.tokens.admin, 'PUT', '/api/rules', { nonsense: true }, { 'if-match': '"1"' });
      assert.equal(r.status, 422, 'a broken rule set is refused');
      r = await call(s.url, s.tokens.admin, 'POST', '/api/plans', smallPlan('other-2023'));
      assert.equal(r.status, 201);
    });

    it('refusals and sign-ins are in the audit trail', async () => {
      const r = await call(s.url, s.tokens.admin, 'GET', '/api/audit');
      assert.equal(r.status, 200);
      const entries = r.body.entries as { action: string; actor: string; detail?: string }[];
      assert.ok(entries.some((e) => e.action === 'signin' && e.actor === 'filler2'));
      assert.ok(entries.some((e) => e.action === 'refusal' && e.actor === 'filler2' && /403/.test(e.detail ?? '')));
      assert.ok(entries.some((e) => e.action === 'refusal' && /401/.test(e.detail ?? '')));
      bilingual403(await call(s.url, s.tokens.filler, 'GET', '/api/audit'));
    });
  });
}
