/**
 * The workflow draft → submitted → approved / returned → submitted again, every refusal on the way,
 * and the checks run on submit, over real HTTP on both backends.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../src/model/finding';
import type { Checker } from '../../src/store/service';
import { call, startTestServer, type TestServer } from '../support/server';

const SUB = encodeURI('/api/plans/small-2023/submissions/区财政局/2023-06/indicators');
const VALUE = 'figures/一般公共预算收入/value';
const NOTE = 'figures/一般公共预算收入/note';

/** A stand-in check for these workflow tests: a value over 100 is an error, over 60 a warning unless explained. */
const thresholdChecker: Checker = (_plan, s) => {
  const out: Finding[] = [];
  for (const [indicator, f] of Object.entries(s.data.figures)) {
    if (typeof f.value !== 'number') continue;
    const subject = { kind: 'figure' as const, orgUnit: s.orgUnit, indicator, period: s.period };
    const base = { subject, field: `figures/${indicator}/value`, numbers: { value: f.value } };
    if (f.value > 100) out.push({ ...base, rule: 'too-big', severity: 'error', message: { zh: '过大', en: 'too big' }, explained: false });
    else if (f.value > 60) out.push({ ...base, rule: 'big', severity: 'warning', message: { zh: '偏大', en: 'large' }, explained: f.note.trim() !== '' });
  }
  return out;
};

for (const backend of ['file', 'postgres'] as const) {
  describe(`store workflow (${backend})`, function () {
    this.timeout(60_000);
    let s: TestServer;
    beforeEach(async () => {
      s = await startTestServer({ backend, checker: thresholdChecker });
    });
    afterEach(async () => {
      await s.stop();
    });

    const patch = async (baseRev: number, field: string, base: unknown, value: unknown): Promise<number> => {
      const r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev, edits: [{ field, base, value }] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.rev;
    };
    const post = (token: string, action: string, rev: number | null, body?: unknown) => call(s.url, token, 'POST', `${SUB}/${action}`, body, rev === null ? {} : { 'if-match': `"${rev}"` });

    it('refuses a submission with an error, then one with an unexplained warning, each with the findings', async () => {
      let rev = await patch(0, VALUE, null, 120);
      let r = await post(s.tokens.filler, 'submit', rev);
      assert.equal(r.status, 422);
      assert.equal(r.body.error.code, 'CHECK_FAILED');
      assert.deepEqual(
        r.body.error.details.findings.map((f: Finding) => [f.rule, f.severity]),
        [['too-big', 'error']],
      );
      rev = await patch(rev, VALUE, 120, 70);
      r = await post(s.tokens.filler, 'submit', rev);
      assert.equal(r.status, 422);
      assert.deepEqual(
        r.body.error.details.findings.map((f: Finding) => [f.rule, f.explained]),
        [['big', false]],
      );
      assert.equal((await call(s.url, s.tokens.filler, 'GET', SUB)).body.state, 'draft');
    });

    it('refuses to submit a form never written (revision 0, no figures), in both languages, saying to fill and push first', async () => {
      const r = await post(s.tokens.filler, 'submit', 0);
      assert.equal(r.status, 409, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'WORKFLOW');
      assert.match(r.body.error.zh, /还没有这份报表的数据.*请先填写报表并推送/);
      assert.match(r.body.error.en, /holds nothing for this form yet.*fill in the form and push it first/);
      const after = (await call(s.url, s.tokens.filler, 'GET', SUB)).body;
      assert.deepEqual([after.rev, after.state], [0, 'draft'], 'nothing changed');
    });

    it('walks draft → submitted → returned (with reason) → submitted → approved, refusing every wrong step', async () => {
      let rev = await patch(0, VALUE, null, 70);
      rev = await patch(rev, NOTE, '', '一次性税收入库');
      // submit needs If-Match
      assert.equal((await post(s.tokens.filler, 'submit', null)).status, 428);
      assert.equal((await post(s.tokens.filler, 'submit', rev - 1)).status, 412);
      // a reviewer cannot approve a draft
      let r = await post(s.tokens.reviewer, 'approve', rev);
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'WORKFLOW');
      r = await post(s.tokens.filler, 'submit', rev);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.submission.state, 'submitted');
      assert.deepEqual(
        r.body.findings.map((f: Finding) => [f.rule, f.explained]),
        [['big', true]],
      );
      rev = r.body.submission.rev;

      // read-only to the unit now, by PATCH and PUT
      r = await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: rev, edits: [{ field: VALUE, base: 70, value: 71 }] });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'WORKFLOW');
      assert.match(r.body.error.zh, /已报送的报表不能修改/);
      r = await call(s.url, s.tokens.filler, 'PUT', SUB, { data: { figures: {} } }, { 'if-match': `"${rev}"` });
      assert.equal(r.status, 409);
      // submitting twice is a workflow error
      assert.equal((await post(s.tokens.filler, 'submit', rev)).status, 409);
      // the filler cannot approve or return
      assert.equal((await post(s.tokens.filler, 'approve', rev)).status, 403);
      assert.equal((await post(s.tokens.filler, 'return', rev, { reason: 'x' })).status, 403);
      // a return needs a reason
      r = await post(s.tokens.reviewer, 'return', rev, {});
      assert.equal(r.status, 422);
      r = await post(s.tokens.reviewer, 'return', rev, { reason: '请核实一般公共预算收入' });
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.state, r.body.returnReason], ['returned', '请核实一般公共预算收入']);
      rev = r.body.rev;

      // editable again, then resubmitted and approved
      rev = await patch(rev, VALUE, 70, 58.18);
      r = await post(s.tokens.filler, 'submit', rev);
      assert.equal(r.status, 200);
      assert.equal(r.body.submission.returnReason, undefined);
      rev = r.body.submission.rev;
      r = await post(s.tokens.reviewer, 'approve', rev);
      assert.equal(r.status, 200);
      assert.equal(r.body.state, 'approved');
      rev = r.body.rev;
      assert.equal((await call(s.url, s.tokens.filler, 'PATCH', SUB, { baseRev: rev, edits: [{ field: VALUE, base: 58.18, value: 1 }] })).status, 409);
      assert.equal((await post(s.tokens.reviewer, 'approve', rev)).status, 409, 'approving twice');
      // an approved report may still be returned for correction
      r = await post(s.tokens.reviewer, 'return', rev, { reason: '市里要求修订' });
      assert.equal(r.body.state, 'returned');

      const audit = await call(s.url, s.tokens.reviewer, 'GET', `${SUB}/audit`);
      const steps = audit.body.entries.filter((e: { action: string }) => e.action !== 'change').map((e: { action: string; state: string }) => `${e.action}:${e.state}`);
      assert.deepEqual(steps, ['submit:submitted', 'return:returned', 'submit:submitted', 'approve:approved', 'return:returned']);
    });
  });
}
