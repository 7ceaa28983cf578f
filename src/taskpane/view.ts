/**
 * The pane's DOM: renders the controller's state and routes clicks and keys to its actions. Plain
 * DOM and hand-written Fluent-styled CSS keep the bundle small (no framework); native buttons,
 * selects and inputs keep it usable from the keyboard and by screen readers.
 * Text typed but not yet acted on (address, token, explanations, reasons) lives in `drafts`, so a
 * re-render never eats what the user is typing.
 */
import type { Finding } from '../model/finding';
import type { Bilingual } from '../model/i18n';
import type { PaneController } from './controller';
import { FIELD_LABELS, NOTICES, STATES, UI, t } from './messages';
import { buildSubmissionStatusTable, FORM_STATE_LABELS, type FormState } from '../report';
import { inScope, readScopeOf } from '../usecases/read-scope';
import { FORMS } from '../report/submission-status';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fmtValue(v: unknown): string {
  return v === null || v === undefined || v === '' ? '—' : String(v);
}

export class PaneView {
  private readonly drafts = new Map<string, string>();
  private token = '';
  private openExplain: number | null = null;
  private openReturn: string | null = null;
  private busyTimer: ReturnType<typeof setTimeout> | null = null;
  private showBusy = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly pane: PaneController,
  ) {
    pane.onChange(() => this.changed());
    root.addEventListener('click', (e) => this.onClick(e));
    root.addEventListener('input', (e) => this.onInput(e));
    root.addEventListener('change', (e) => this.onSelect(e));
    root.addEventListener('keydown', (e) => this.onKey(e));
  }

  private l(b: Bilingual): string {
    return esc(t(b, this.pane.state.lang));
  }

  /** The progress bar appears only when an action takes over a second, so quick ones do not flicker. */
  private changed(): void {
    const busy = this.pane.state.busy !== null;
    if (busy && !this.busyTimer && !this.showBusy) {
      this.busyTimer = setTimeout(() => {
        this.busyTimer = null;
        this.showBusy = this.pane.state.busy !== null;
        this.render();
      }, 1000);
    }
    if (!busy) {
      if (this.busyTimer) clearTimeout(this.busyTimer);
      this.busyTimer = null;
      this.showBusy = false;
    }
    this.render();
  }

  render(): void {
    const s = this.pane.state;
    const focusId = (document.activeElement as HTMLElement | null)?.id ?? '';
    document.documentElement.lang = s.lang === 'en' ? 'en' : 'zh-CN';
    this.root.setAttribute('aria-busy', String(s.busy !== null));
    this.root.innerHTML = `
      <header class="pb-header">
        <h1>${this.l(UI.appTitle)}</h1>
        <button type="button" class="pb-link" data-action="lang" id="pb-lang">${this.l(UI.language)}</button>
      </header>
      ${this.showBusy && s.busy ? `<div class="pb-progress" role="progressbar" aria-label="${this.l(s.busy)}"><div></div></div><p class="pb-busy">${this.l(s.busy)}</p>` : ''}
      ${s.error ? `<div class="pb-bar pb-bar-error" role="alert" id="pb-error">${this.l(s.error)}</div>` : ''}
      ${s.notice ? `<div class="pb-bar ${s.notice === NOTICES.queuedOffline ? 'pb-bar-warn' : 'pb-bar-ok'}" role="status" id="pb-notice">${this.l(s.notice)}</div>` : ''}
      ${s.me ? this.work() : this.connectForm()}
    `;
    const again = focusId ? document.getElementById(focusId) : null;
    if (again) again.focus();
  }

  private connectForm(): string {
    const s = this.pane.state;
    const server = this.drafts.get('server') ?? s.server;
    return `
      <section class="pb-card" aria-labelledby="pb-connect-title">
        <h2 id="pb-connect-title">${this.l(UI.connectTitle)}</h2>
        <label for="pb-server">${this.l(UI.server)}</label>
        <input id="pb-server" data-draft="server" type="url" autocomplete="url" value="${esc(server)}" spellcheck="false">
        <label for="pb-token">${this.l(UI.token)}</label>
        <input id="pb-token" data-draft="token" type="password" autocomplete="off" value="${esc(this.token)}" spellcheck="false">
        <label class="pb-check"><input id="pb-remember" type="checkbox" ${(this.drafts.get('remember') ?? String(s.remember)) === 'true' ? 'checked' : ''}> ${this.l(UI.remember)}</label>
        <p class="pb-hint">${this.l(UI.rememberHint)}</p>
        <button type="button" class="pb-primary" data-action="connect" id="pb-connect" ${s.busy ? 'disabled' : ''}>${this.l(UI.connect)}</button>
      </section>`;
  }

  /**
   * A labelled drop-down in a cell of its own. A closed <select> cuts a long name (a plan's full
   * title) at the pane's width and cannot wrap, so the select and each option carry the whole text
   * as their title: a pointer or a screen reader can always read it whole (issue 11).
   */
  private select(id: string, label: Bilingual, options: { value: string; text: string }[], current: string, spellOut = false): string {
    const chosen = options.find((o) => o.value === current)?.text ?? '';
    // Where there is no pointer to hover with (Excel on an iPad), the plan's whole name is also written out, wrapped, below it.
    const whole = spellOut && current ? `<p class="pb-hint pb-whole" id="${id}-name">${esc(chosen)}</p>` : '';
    return `<div class="pb-field"><label for="${id}">${this.l(label)}</label>
      <select id="${id}" title="${esc(chosen)}">${options.map((o) => `<option value="${esc(o.value)}" title="${esc(o.text)}" ${o.value === current ? 'selected' : ''}>${esc(o.text)}</option>`).join('')}</select>${whole}</div>`;
  }

  private work(): string {
    const s = this.pane.state;
    const me = s.me!;
    const disabled = s.busy ? 'disabled' : '';
    const plans = [{ value: '', text: t(UI.choosePlan, s.lang) }, ...s.plans.map((p) => ({ value: p.id, text: p.name }))];
    const forms = [
      { value: 'indicators', text: t(UI.indicatorsForm, s.lang) },
      { value: 'tasks', text: t(UI.tasksForm, s.lang) },
    ];
    const reviewer = me.role !== 'filler';
    return `
      <p class="pb-me">${this.l(UI.signedInAs)}: <strong>${esc(me.name)}</strong> · ${esc(me.role)}
        <button type="button" class="pb-link" data-action="disconnect" id="pb-disconnect">${this.l(UI.disconnect)}</button></p>
      <section class="pb-card pb-grid">
        ${this.select('pb-plan', UI.plan, plans, s.planId, true)}
        ${this.select(
          'pb-unit',
          UI.orgUnit,
          this.pane.unitsFor().map((u) => ({ value: u, text: u })),
          s.orgUnit,
        )}
        ${this.select(
          'pb-period',
          UI.period,
          this.pane.periodsFor().map((p) => ({ value: p, text: p })),
          s.period,
        )}
        ${this.select('pb-form', UI.form, forms, s.form)}
      </section>
      <div class="pb-actions" role="toolbar" aria-label="${this.l(UI.appTitle)}">
        <button type="button" class="pb-primary" data-action="pull" id="pb-pull" ${disabled}>${this.l(UI.pull)}</button>
        <button type="button" data-action="check" id="pb-check" ${disabled}>${this.l(UI.check)}</button>
        <button type="button" data-action="push" id="pb-push" ${disabled}>${this.l(UI.push)}</button>
        <button type="button" data-action="submit" id="pb-submit" ${disabled}>${this.l(UI.submit)}</button>
      </div>
      ${s.submission ? `<p class="pb-state">${this.l(UI.state)}: <span class="pb-badge pb-${esc(s.submission.state)}">${this.l(STATES[s.submission.state] ?? UI.state)}</span> · rev ${s.submission.rev}${s.submission.returnReason && s.submission.state === 'returned' ? ` · ${this.l(UI.returnedBecause)}${esc(s.submission.returnReason)}` : ''}</p>` : ''}
      ${s.queued > 0 ? `<div class="pb-bar pb-bar-warn" role="status" id="pb-queue">${s.queued} ${this.l(UI.queued)} <button type="button" class="pb-link" data-action="flush" id="pb-flush">${this.l(UI.sendNow)}</button></div>` : ''}
      ${s.conflict ? this.conflictView() : ''}
      ${this.findingsView()}
      ${reviewer ? this.reviewView() : ''}
    `;
  }

  /** 'figures/一般公共预算收入/value' → '一般公共预算收入 · 本月止累计'; task rows by their number. */
  private fieldLabel(field: string): string {
    const [group, key, name] = field.split('/');
    const label = FIELD_LABELS[`${group}/${name}`];
    const row = group === 'tasks' ? (this.pane.state.lang === 'en' ? `Task ${key}` : `第${key}项任务`) : key;
    return `${row} · ${label ? t(label, this.pane.state.lang) : name}`;
  }

  private conflictView(): string {
    const c = this.pane.state.conflict!;
    const rows = c.conflict.conflicts
      .map((x, i) => {
        const keep = c.keep.get(x.field) ?? 'yours';
        const name = `pb-keep-${i}`;
        return `<tr>
          <th scope="row">${esc(this.fieldLabel(x.field))}</th>
          <td>${esc(fmtValue(x.pulled))}</td>
          <td><label><input type="radio" name="${name}" id="${name}-theirs" data-keep="theirs" data-field="${esc(x.field)}" ${keep === 'theirs' ? 'checked' : ''}> ${esc(fmtValue(x.theirs))}</label></td>
          <td><label><input type="radio" name="${name}" id="${name}-yours" data-keep="yours" data-field="${esc(x.field)}" ${keep === 'yours' ? 'checked' : ''}> ${esc(fmtValue(x.yours))}</label></td>
        </tr>`;
      })
      .join('');
    return `<section class="pb-card pb-conflict" aria-labelledby="pb-conflict-title">
      <h2 id="pb-conflict-title">${this.l(UI.conflictTitle)}</h2>
      <p>${this.l(UI.conflictHelp)}</p>
      <table><thead><tr><th>${this.l(UI.field)}</th><th>${this.l(UI.pulled)}</th><th>${this.l(UI.theirs)}</th><th>${this.l(UI.yours)}</th></tr></thead><tbody>${rows}</tbody></table>
      <div class="pb-actions">
        <button type="button" class="pb-primary" data-action="resolve" id="pb-resolve">${this.l(UI.pushChoices)}</button>
        <button type="button" data-action="cancel-conflict" id="pb-cancel-conflict">${this.l(UI.cancel)}</button>
      </div></section>`;
  }

  private findingsView(): string {
    const s = this.pane.state;
    if (s.findings.length === 0) return '';
    const items = s.findings
      .map((f: Finding, i) => {
        const sev = f.severity === 'error' ? UI.error : f.severity === 'warning' ? UI.warning : UI.info;
        const explainable = f.severity === 'warning' && f.subject.kind !== 'submission';
        const open = this.openExplain === i;
        return `<li class="pb-finding pb-${f.severity}${f.explained ? ' pb-explained' : ''}">
          <button type="button" class="pb-finding-go" data-action="go" data-index="${i}" id="pb-finding-${i}">
            <span class="pb-sev">${this.l(f.explained ? UI.explained : sev)}</span> ${this.l(f.message)}
          </button>
          ${explainable && !f.explained ? `<button type="button" class="pb-link" data-action="explain-open" data-index="${i}" id="pb-explain-open-${i}">${this.l(UI.explain)}</button>` : ''}
          ${
            open
              ? `<div class="pb-explain"><label for="pb-explain-${i}">${this.l(UI.explain)}</label>
            <textarea id="pb-explain-${i}" data-draft="explain-${i}" rows="2" placeholder="${this.l(UI.explainPlaceholder)}">${esc(this.drafts.get(`explain-${i}`) ?? '')}</textarea>
            <button type="button" class="pb-primary" data-action="explain-save" data-index="${i}" id="pb-explain-save-${i}">${this.l(UI.save)}</button></div>`
              : ''
          }
        </li>`;
      })
      .join('');
    return `<section class="pb-card" aria-labelledby="pb-findings-title"><h2 id="pb-findings-title">${this.l(UI.findings)} (${s.findings.length})</h2><ul class="pb-findings">${items}</ul></section>`;
  }

  /** Every unit the plan expects, with each form's state (missing ones too) and the reviewer's actions. */
  private reviewView(): string {
    const s = this.pane.state;
    const plan = s.plan;
    const table =
      plan && s.review
        ? buildSubmissionStatusTable(
            plan,
            s.review.map((r) => ({ plan: plan.id, orgUnit: r.orgUnit, period: r.period, form: r.form, state: r.state, updatedAt: r.updatedAt })),
            s.period,
            // The list holds only what this token may read: another unit's form is 无权查看, not 未报送.
            (u) => !s.me || inScope(readScopeOf(s.me), u),
          )
        : null;
    const cell = (unit: string, form: string, state: FormState): string => {
      const id = esc(`${unit}|${form}`);
      const open = this.openReturn === `${unit}|${form}`;
      const can = state === 'submitted' || state === 'approved';
      return `<td><span class="pb-badge pb-${esc(state)}">${this.l(FORM_STATE_LABELS[state])}</span>
        <span class="pb-row-actions">
        ${state === 'submitted' ? `<button type="button" data-action="approve" data-id="${id}">${this.l(UI.approve)}</button>` : ''}
        ${can ? `<button type="button" data-action="return-open" data-id="${id}">${this.l(UI.return)}</button>` : ''}
        </span>
        ${
          open
            ? `<label for="pb-reason">${this.l(UI.returnReason)}</label>
          <input id="pb-reason" data-draft="reason" value="${esc(this.drafts.get('reason') ?? '')}">
          <button type="button" class="pb-primary" data-action="return" data-id="${id}" id="pb-return-confirm">${this.l(UI.confirmReturn)}</button>`
            : ''
        }</td>`;
    };
    const rows = (table?.rows ?? []).map((r) => `<tr><th scope="row">${esc(r.orgUnit)}</th>${cell(r.orgUnit, 'indicators', r.indicators)}${cell(r.orgUnit, 'tasks', r.tasks)}</tr>`).join('');
    return `<section class="pb-card" aria-labelledby="pb-review-title">
      <h2 id="pb-review-title">${this.l(UI.review)} · ${esc(s.period)}</h2>
      <div class="pb-actions">
        <button type="button" data-action="review" id="pb-review">${this.l(UI.refresh)}</button>
        <button type="button" data-action="report" id="pb-report">${this.l(UI.insertReport)}</button>
      </div>
      ${table === null ? '' : table.rows.length === 0 ? `<p>${this.l(UI.noSubmissions)}</p>` : `<table class="pb-review"><thead><tr><th>${this.l(UI.orgUnit)}</th><th>${this.l(FORMS.indicators!)}</th><th>${this.l(FORMS.tasks!)}</th></tr></thead><tbody>${rows}</tbody></table>`}
    </section>`;
  }

  private onInput(e: Event): void {
    const el = e.target as HTMLInputElement | HTMLTextAreaElement;
    const key = el.dataset.draft;
    if (!key) return;
    if (key === 'token') this.token = el.value;
    else this.drafts.set(key, el.value);
  }

  private onSelect(e: Event): void {
    const el = e.target as HTMLSelectElement | HTMLInputElement;
    if (el instanceof HTMLInputElement && el.id === 'pb-remember') {
      this.drafts.set('remember', String(el.checked));
      return;
    }
    if (el instanceof HTMLInputElement && el.type === 'radio' && el.dataset.field) {
      this.pane.keepSide(el.dataset.field, el.dataset.keep === 'theirs' ? 'theirs' : 'yours');
      return;
    }
    // The tooltip follows the choice at once, before any re-render.
    if (el instanceof HTMLSelectElement) el.title = el.selectedOptions[0]?.text ?? '';
    switch (el.id) {
      case 'pb-plan':
        if (el.value) void this.pane.choosePlan(el.value);
        break;
      case 'pb-unit':
        this.pane.choose({ orgUnit: el.value });
        break;
      case 'pb-period':
        this.pane.choose({ period: el.value });
        break;
      case 'pb-form':
        this.pane.choose({ form: el.value });
        break;
    }
  }

  /** Enter in the connect form connects; Enter in a reason confirms; Escape closes an open editor. */
  private onKey(e: KeyboardEvent): void {
    const el = e.target as HTMLElement;
    if (e.key === 'Enter' && (el.id === 'pb-server' || el.id === 'pb-token')) {
      e.preventDefault();
      this.act('connect', el);
    } else if (e.key === 'Enter' && el.id === 'pb-reason') {
      e.preventDefault();
      document.getElementById('pb-return-confirm')?.click();
    } else if (e.key === 'Escape' && (this.openExplain !== null || this.openReturn !== null)) {
      this.openExplain = null;
      this.openReturn = null;
      this.render();
    }
  }

  private onClick(e: Event): void {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-action]');
    if (!el || (el as HTMLButtonElement).disabled) return;
    this.act(el.dataset.action ?? '', el);
  }

  private act(action: string, el: HTMLElement): void {
    const p = this.pane;
    const index = Number(el.dataset.index);
    const [unit, form] = (el.dataset.id ?? '|').split('|') as [string, string];
    switch (action) {
      case 'lang':
        p.setLang(p.state.lang === 'en' ? 'zh' : 'en');
        return;
      case 'connect': {
        const server = (document.getElementById('pb-server') as HTMLInputElement | null)?.value ?? p.state.server;
        const remember = (document.getElementById('pb-remember') as HTMLInputElement | null)?.checked ?? false;
        this.drafts.set('server', server);
        void p.connect(server, this.token, remember).then((ok) => {
          if (ok) this.token = '';
        });
        return;
      }
      case 'disconnect':
        p.disconnect();
        return;
      case 'pull':
        void p.pull();
        return;
      case 'check':
        void p.check();
        return;
      case 'push':
        void p.push();
        return;
      case 'submit':
        void p.submit();
        return;
      case 'flush':
        void p.flushQueue();
        return;
      case 'resolve':
        void p.pushResolution();
        return;
      case 'cancel-conflict':
        p.cancelConflict();
        return;
      case 'go':
        void p.selectFinding(index);
        return;
      case 'explain-open':
        this.openExplain = index;
        this.render();
        document.getElementById(`pb-explain-${index}`)?.focus();
        return;
      case 'explain-save': {
        const text = this.drafts.get(`explain-${index}`) ?? '';
        void p.explainFinding(index, text).then((ok) => {
          if (ok) {
            this.drafts.delete(`explain-${index}`);
            this.openExplain = null;
            this.render();
          }
        });
        return;
      }
      case 'review':
        void p.loadReview();
        return;
      case 'report':
        void p.insertReport();
        return;
      case 'approve':
        void p.approve(unit, form);
        return;
      case 'return-open':
        this.openReturn = `${unit}|${form}`;
        this.render();
        document.getElementById('pb-reason')?.focus();
        return;
      case 'return':
        void p.returnSubmission(unit, form, this.drafts.get('reason') ?? '').then((ok) => {
          if (ok) {
            this.drafts.delete('reason');
            this.openReturn = null;
            this.render();
          }
        });
        return;
    }
  }
}
