import type { CoverageJobProgress } from '../../../server/contract/coverage-jobs.ts';
import type { CandidateProperties, CellChange, Network, PlanMethod, RankingItem, Scenario, ScenarioChangeRef } from '../api/types.ts';
import { formatNumber, formatPercent, formatSigned, labelOf, type Locale, type Translate } from '../i18n/index.ts';
import { computedWith, inWorkingScenario, type PlannerState } from '../state/planner-state.ts';
import { h } from './dom.ts';
import { skippedCellsNotice } from './cell-warnings.ts';
import { figuresTable } from './figures-table.ts';
import { busyLine, errorBox, okLine } from './messages.ts';

export interface PlanningHandlers {
  onBaseScenario: (name: string | null) => void;
  /** Adds a ranked candidate to the working scenario. */
  onAdd: (code: string) => void;
  onRemove: (code: string) => void;
  onPreview: (code: string | null) => void;
  /** Resolves true once saved. */
  onSave: (name: string) => Promise<boolean>;
  /** Resolves true once renamed. */
  onRenameScenario: (from: string, to: string) => Promise<boolean>;
  /** Resolves true once deleted. */
  onDeleteScenario: (name: string) => Promise<boolean>;
  onRunPlan: (params: { maxSites: number; budget: number | null; method: PlanMethod }) => void;
  onUsePlan: () => void;
  onCompare: (base: string, target: string) => void;
  /** Takes one change out of the working scenario. */
  onTakeOut: (ref: ScenarioChangeRef) => void;
  /** Applies the working scenario to the network, after the planner confirmed the `count` changes shown. */
  onApplyWorking: (count: number) => void;
  onUndoApplication: (id: number) => void;
  /** The ranking's sort changed (the tab is drawn again). */
  onSortRanking: () => void;
}

const EXISTING = 'existing';

/** What the ranking can be sorted by: the score (the default order), one of its parts, or the cost. */
const RANK_SORTS = ['score', 'km2', 'people', 'reports', 'cost', 'scorePerCost'] as const;
type RankSort = (typeof RANK_SORTS)[number];

/** The ranking sorted by one part, largest first (cost: cheapest first; unknown costs last), then by rank. */
export function sortRanking(items: readonly RankingItem[], by: RankSort): RankingItem[] {
  const key = (i: RankingItem): number | null => {
    switch (by) {
      case 'score':
        return i.score;
      case 'km2':
        return i.newlyCoveredKm2;
      case 'people':
        return i.newlyCoveredPopulation;
      case 'reports':
        return i.newlyCoveredReports;
      case 'cost':
        return i.cost === null ? null : -i.cost;
      case 'scorePerCost':
        return i.scorePerCost;
    }
  };
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return ka === kb ? a.rank - b.rank : ka === null ? 1 : -1;
    return kb - ka || a.rank - b.rank;
  });
}

/** The planning tab: working scenario with its figures, candidate ranking with preview, automatic plans and scenario comparison. */
export class PlanningTab {
  /** What the planner typed, kept across redraws. */
  private draft = {
    name: '',
    maxSites: '3',
    budget: '',
    method: 'greedy' as PlanMethod,
    compareBase: EXISTING,
    compareTarget: '',
    rename: '',
    renameOf: null as string | null,
    sortBy: 'score' as RankSort,
  };

  constructor(private readonly handlers: PlanningHandlers) {}

  render(
    t: Translate,
    locale: Locale,
    s: PlannerState,
    candidates: ReadonlyMap<string, CandidateProperties>,
    canEdit: boolean,
  ): HTMLElement[] {
    return [
      this.workingSection(t, locale, s, canEdit),
      this.scenarioSection(t, locale, s, candidates, canEdit),
      this.rankingSection(t, locale, s, canEdit),
      this.planSection(t, locale, s, canEdit),
      this.compareSection(t, locale, s),
    ];
  }

  /**
   * The planner's working scenario: every edit made on the map, each removable, and the explicit
   * step that applies them to the network (listed again and confirmed), with an undo after it.
   */
  private workingSection(t: Translate, locale: Locale, s: PlannerState, canEdit: boolean): HTMLElement {
    const working = s.workingScenario.data;
    const changes = working ? changeLines(t, locale, working.changes) : [];
    const app = s.application;
    const busy = app.status === 'loading';
    const list = changes.length
      ? h(
          'ul',
          { class: 'chip-list', 'data-testid': 'working-changes' },
          ...changes.map(({ text, ref }) => {
            const remove = h(
              'button',
              {
                type: 'button',
                class: 'chip-remove',
                'aria-label': t('working.takeOutLabel', { change: text }),
                title: t('working.takeOut'),
                'data-testid': `working-take-out-${ref.kind}-${ref.key}`,
                disabled: !canEdit || busy,
              },
              '×',
            );
            remove.addEventListener('click', () => this.handlers.onTakeOut(ref));
            return h('li', { class: 'chip', 'data-change': `${ref.kind}:${ref.key}` }, h('span', { class: 'chip-name' }, text), remove);
          }),
        )
      : h('p', { class: 'panel-hint', 'data-testid': 'working-changes-empty' }, t('working.empty'));
    const apply = h(
      'button',
      { type: 'button', class: 'button button-primary', 'data-testid': 'working-apply', disabled: busy },
      t('working.apply'),
    );
    const yes = h(
      'button',
      { type: 'button', class: 'button button-danger', 'data-testid': 'working-apply-confirm' },
      t('working.applyConfirm'),
    );
    const no = h(
      'button',
      { type: 'button', class: 'button button-quiet', 'data-testid': 'working-apply-cancel' },
      t('working.applyCancel'),
    );
    const confirm = h(
      'div',
      {
        class: 'confirm-box',
        role: 'group',
        'aria-labelledby': 'working-apply-question',
        'data-testid': 'working-apply-box',
        hidden: true,
      },
      h('p', { id: 'working-apply-question' }, t('working.applyQuestion', { count: formatNumber(locale, changes.length) })),
      h('ul', { 'data-testid': 'working-apply-list' }, ...changes.map((c) => h('li', {}, c.text))),
      h('div', { class: 'field-row' }, yes, no),
    );
    apply.addEventListener('click', () => {
      confirm.hidden = false;
      yes.focus();
    });
    no.addEventListener('click', () => {
      confirm.hidden = true;
      apply.focus();
    });
    yes.addEventListener('click', () => {
      confirm.hidden = true;
      this.handlers.onApplyWorking(changes.length);
    });
    const done = app.status === 'ready' ? app.data : null;
    const undo =
      done && done.undoneBy === null && canEdit
        ? h('button', { type: 'button', class: 'button button-quiet button-small', 'data-testid': 'working-undo' }, t('working.undo'))
        : null;
    undo?.addEventListener('click', () => this.handlers.onUndoApplication(done!.id));
    const outcome = busy
      ? busyLine(t('working.applying'), 'working-apply-message')
      : app.status === 'error'
        ? errorBox(t, app.error, 'working-apply-message', t('validation.failed'))
        : done
          ? h(
              'div',
              { class: 'field-row' },
              done.undoneBy === null
                ? okLine(
                    t('working.applied', { count: formatNumber(locale, changeCount(done.changes)), id: done.id }),
                    'working-apply-message',
                  )
                : okLine(t('working.undone', { id: done.undoneBy }), 'working-apply-message'),
              undo,
            )
          : null;
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'working-title', 'data-testid': 'working-section' },
      h('h2', { id: 'working-title' }, t('working.title')),
      working && changes.length
        ? h('p', { class: 'panel-hint' }, t('working.count', { count: formatNumber(locale, changes.length), name: working.name }))
        : null,
      list,
      changes.length && canEdit ? h('div', { class: 'field-row' }, apply) : null,
      changes.length && !canEdit ? h('p', { class: 'panel-hint' }, t('working.readOnly')) : null,
      confirm,
      outcome,
    );
  }

  private scenarioSection(
    t: Translate,
    locale: Locale,
    s: PlannerState,
    candidates: ReadonlyMap<string, CandidateProperties>,
    canEdit: boolean,
  ): HTMLElement {
    const scenarios = s.scenarios.data ?? [];
    const base = h(
      'select',
      { id: 'base-scenario', 'data-testid': 'base-scenario' },
      ...scenarioOptions(t, scenarios, s.scenario ?? EXISTING),
    );
    base.addEventListener('change', () => this.handlers.onBaseScenario(base.value === EXISTING ? null : base.value));
    const working = s.working.length
      ? h(
          'ul',
          { class: 'chip-list', 'data-testid': 'working-list' },
          ...s.working.map((code) => {
            const name = candidates.get(code)?.name ?? '';
            const remove = h(
              'button',
              {
                type: 'button',
                class: 'chip-remove',
                'aria-label': t('planning.removeLabel', { code }),
                title: t('planning.remove'),
                'data-testid': `working-remove-${code}`,
                disabled: !canEdit,
              },
              '×',
            );
            remove.addEventListener('click', () => this.handlers.onRemove(code));
            return h(
              'li',
              { class: 'chip', 'data-code': code },
              h('span', { class: 'chip-code' }, code),
              h('span', { class: 'chip-name' }, name),
              remove,
            );
          }),
        )
      : // The working scenario's own changes are listed above it.
        s.workingScenario.data && changeCount(s.workingScenario.data.changes) > 0
        ? null
        : h('p', { class: 'panel-hint' }, t('planning.workingEmpty'));
    const before = s.baseFigures.data;
    const after = s.working.length ? s.workingFigures.data : null;
    const loading = s.baseFigures.status === 'loading' || (s.working.length > 0 && s.workingFigures.status === 'loading');
    const figures = before ? figuresTable(t, locale, before, after, 'working-figures') : null;
    const failure = s.baseFigures.error ?? s.workingFigures.error;
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'scenario-title', 'data-testid': 'scenario-section' },
      h('h2', { id: 'scenario-title' }, t('planning.scenarioTitle'), h('span', { class: 'area-name' }, labelOf(t, 'tech', s.network))),
      h('div', { class: 'field-row' }, h('label', { for: 'base-scenario' }, t('planning.base')), base),
      s.scenario !== null && canEdit ? this.manageForm(t, s, s.scenario) : null,
      manageMessage(t, s),
      working,
      loading
        ? (jobProgress(t, locale, s.baseFigures.progress ?? s.workingFigures.progress) ??
            busyLine(t('planning.computing'), 'working-figures-busy'))
        : null,
      failure ? errorBox(t, failure, 'working-figures-error') : null,
      figures,
      skippedCellsNotice(t, locale, [...(before?.warnings ?? []), ...(after?.warnings ?? [])], 'working-cells-skipped'),
      canEdit ? this.saveForm(t, s) : h('p', { class: 'panel-hint' }, t('planning.readOnly')),
    );
  }

  /** Renames or deletes the base scenario (a deletion asks first, in the panel). */
  private manageForm(t: Translate, s: PlannerState, current: string): HTMLElement {
    // What the planner typed is kept across redraws, until another scenario becomes the base.
    if (this.draft.renameOf !== current) this.draft = { ...this.draft, rename: current, renameOf: current };
    const busy = s.manage.status === 'working';
    const name = h('input', {
      type: 'text',
      id: 'scenario-rename',
      'data-testid': 'scenario-rename',
      value: this.draft.rename,
      maxlength: 200,
      autocomplete: 'off',
      'aria-describedby': 'scenario-manage-message',
    });
    name.addEventListener('input', () => (this.draft.rename = name.value));
    const rename = h(
      'button',
      { type: 'submit', class: 'button button-quiet', 'data-testid': 'scenario-rename-submit', disabled: busy },
      t('planning.rename'),
    );
    const form = h(
      'form',
      { class: 'inline-form', novalidate: true, 'data-testid': 'scenario-manage' },
      h('label', { for: 'scenario-rename' }, t('planning.renameLabel', { name: current })),
      h('div', { class: 'field-row' }, name, rename),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.handlers.onRenameScenario(current, name.value);
    });
    const remove = h(
      'button',
      { type: 'button', class: 'button button-quiet', 'data-testid': 'scenario-delete', disabled: busy },
      t('planning.delete'),
    );
    const yes = h(
      'button',
      { type: 'button', class: 'button button-danger', 'data-testid': 'scenario-delete-confirm' },
      t('planning.deleteConfirm'),
    );
    const no = h(
      'button',
      { type: 'button', class: 'button button-quiet', 'data-testid': 'scenario-delete-cancel' },
      t('planning.deleteCancel'),
    );
    const confirm = h(
      'div',
      {
        class: 'confirm-box',
        role: 'group',
        'aria-labelledby': 'scenario-delete-question',
        'data-testid': 'scenario-delete-box',
        hidden: true,
      },
      h('p', { id: 'scenario-delete-question' }, t('planning.deleteQuestion', { name: current })),
      h('div', { class: 'field-row' }, yes, no),
    );
    remove.addEventListener('click', () => {
      confirm.hidden = false;
      yes.focus();
    });
    no.addEventListener('click', () => {
      confirm.hidden = true;
      remove.focus();
    });
    yes.addEventListener('click', () => void this.handlers.onDeleteScenario(current));
    return h('div', { class: 'scenario-manage' }, form, h('div', { class: 'field-row' }, remove), confirm);
  }

  private saveForm(t: Translate, s: PlannerState): HTMLElement {
    const name = h('input', {
      type: 'text',
      id: 'scenario-name',
      'data-testid': 'scenario-name',
      value: this.draft.name,
      maxlength: 200,
      autocomplete: 'off',
      'aria-describedby': 'scenario-save-message',
    });
    name.addEventListener('input', () => (this.draft.name = name.value));
    const save = h(
      'button',
      { type: 'submit', class: 'button button-primary', 'data-testid': 'scenario-save', disabled: s.save.status === 'saving' },
      t('planning.save'),
    );
    const form = h(
      'form',
      { class: 'inline-form', novalidate: true },
      h('label', { for: 'scenario-name' }, t('planning.scenarioName')),
      h('div', { class: 'field-row' }, name, save),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.handlers.onSave(name.value).then((saved) => {
        // Cleared once, so that a name typed while the page recomputes is kept.
        if (saved) this.draft.name = '';
      });
    });
    const message =
      s.save.status === 'saving'
        ? busyLine(t('planning.saving'), 'scenario-save-message')
        : s.save.status === 'saved'
          ? okLine(t('planning.saved', { name: s.save.name }), 'scenario-save-message')
          : s.save.status === 'error'
            ? errorBox(t, s.save.error, 'scenario-save-message', t('validation.failed'))
            : null;
    return h('div', {}, form, message);
  }

  private rankingSection(t: Translate, locale: Locale, s: PlannerState, canEdit: boolean): HTMLElement {
    const network = labelOf(t, 'tech', s.network);
    const ranking = s.ranking.data;
    const items = sortRanking(ranking?.items ?? [], this.draft.sortBy);
    const list = items.length
      ? h('ol', { class: 'rank-list', 'data-testid': 'ranking-list' }, ...items.map((item) => this.rankItem(t, locale, item, s, canEdit)))
      : s.ranking.status === 'ready'
        ? h('p', { class: 'panel-hint' }, t('planning.rankingEmpty'))
        : null;
    const sort = h(
      'select',
      { id: 'ranking-sort', 'data-testid': 'ranking-sort' },
      ...RANK_SORTS.map((k) => h('option', { value: k, selected: k === this.draft.sortBy }, t(`rank.sort.${k}`))),
    );
    sort.addEventListener('change', () => {
      this.draft.sortBy = sort.value as RankSort;
      this.handlers.onSortRanking();
    });
    const w = ranking?.weights;
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'ranking-title', 'data-testid': 'ranking-section' },
      h('h2', { id: 'ranking-title' }, t('planning.rankingTitle', { network })),
      h(
        'p',
        { class: 'panel-hint', 'data-testid': 'ranking-explained' },
        w
          ? t('planning.rankingHint', {
              km2: formatNumber(locale, w.areaKm2),
              people: formatNumber(locale, w.population),
              reports: formatNumber(locale, w.reports),
            })
          : null,
      ),
      h('div', { class: 'field-row' }, h('label', { for: 'ranking-sort' }, t('rank.sortBy')), sort),
      s.ranking.status === 'loading' ? busyLine(t('planning.computing'), 'ranking-busy') : null,
      s.ranking.status === 'error' ? errorBox(t, s.ranking.error, 'ranking-error') : null,
      this.previewBox(t, locale, s, ranking?.items ?? []),
      list,
    );
  }

  private rankItem(t: Translate, locale: Locale, item: RankingItem, s: PlannerState, canEdit: boolean): HTMLElement {
    const selected = s.selected === item.code;
    const inWorking = inWorkingScenario(s, item.code);
    const preview = h(
      'button',
      {
        type: 'button',
        class: 'button button-quiet button-small',
        'aria-pressed': String(selected),
        'aria-label': t('planning.previewLabel', { code: item.code }),
        'data-testid': `rank-preview-${item.code}`,
      },
      t('planning.preview'),
    );
    preview.addEventListener('click', () => this.handlers.onPreview(selected ? null : item.code));
    const add = h(
      'button',
      {
        type: 'button',
        class: 'button button-quiet button-small',
        'aria-label': t('planning.addLabel', { code: item.code }),
        'data-testid': `rank-add-${item.code}`,
        disabled: inWorking || !canEdit,
      },
      inWorking ? t('planning.inScenario') : t('planning.add'),
    );
    add.addEventListener('click', () => this.handlers.onAdd(item.code));
    const metric = (label: string, value: string) =>
      h('span', { class: 'metric' }, h('span', { class: 'metric-label' }, label), ' ', value);
    return h(
      'li',
      { class: `rank-item${selected ? ' is-selected' : ''}`, 'data-testid': `rank-item-${item.code}`, 'data-rank': item.rank },
      h('span', { class: 'rank-badge', 'aria-label': t('rank.rank', { rank: item.rank }) }, formatNumber(locale, item.rank)),
      h(
        'div',
        { class: 'rank-body' },
        h('p', { class: 'rank-title' }, h('strong', {}, item.code), ' ', item.name),
        h(
          'p',
          { class: 'rank-metrics', 'data-testid': `rank-score-${item.code}` },
          metric(t('rank.score'), formatNumber(locale, item.score, 0)),
          ' = ',
          metric(t('rank.part.km2'), formatNumber(locale, item.scoreParts.areaKm2, 0)),
          ' + ',
          metric(t('rank.part.people'), formatNumber(locale, item.scoreParts.population, 0)),
          ' + ',
          metric(t('rank.part.reports'), formatNumber(locale, item.scoreParts.reports, 0)),
        ),
        h(
          'p',
          { class: 'rank-metrics' },
          metric(t('rank.gain'), t('unit.pp', { value: formatSigned(locale, item.coveragePctGain, 2) })),
          metric(t('rank.newlyKm2'), t('unit.km2', { value: formatNumber(locale, item.newlyCoveredKm2, 1) })),
          metric(t('rank.newlyPopulation'), formatNumber(locale, item.newlyCoveredPopulation)),
          metric(t('rank.newlyReports'), formatNumber(locale, item.newlyCoveredReports)),
          item.cost === null ? null : metric(t('rank.cost'), formatNumber(locale, item.cost, 1)),
        ),
        h('div', { class: 'rank-actions' }, preview, add),
      ),
    );
  }

  private previewBox(t: Translate, locale: Locale, s: PlannerState, items: RankingItem[]): HTMLElement | null {
    const code = s.selected;
    if (!code) return null;
    const item = items.find((i) => i.code === code);
    const before = s.working.length ? s.workingFigures.data : s.baseFigures.data;
    const after = computedWith(s, code) ? before : s.previewFigures.data;
    const end = h(
      'button',
      { type: 'button', class: 'button button-quiet button-small', 'data-testid': 'preview-close' },
      t('planning.previewClose'),
    );
    end.addEventListener('click', () => this.handlers.onPreview(null));
    const busy = s.previewFigures.status === 'loading' || (!before && s.baseFigures.status === 'loading');
    return h(
      'div',
      { class: 'preview-box', 'data-testid': 'preview-box', 'aria-live': 'polite' },
      h('h3', {}, t('planning.previewTitle', { code }), item ? ` · ${item.name}` : ''),
      busy ? busyLine(t('planning.computing'), 'preview-busy') : null,
      s.previewFigures.status === 'error' ? errorBox(t, s.previewFigures.error, 'preview-error') : null,
      before && after ? figuresTable(t, locale, before, after, 'preview-figures') : null,
      end,
    );
  }

  private planSection(t: Translate, locale: Locale, s: PlannerState, canEdit: boolean): HTMLElement {
    const maxSites = h('input', {
      type: 'number',
      id: 'plan-max-sites',
      'data-testid': 'plan-max-sites',
      value: this.draft.maxSites,
      min: 1,
      max: 500,
      step: 1,
      inputmode: 'numeric',
    });
    maxSites.addEventListener('input', () => (this.draft.maxSites = maxSites.value));
    const budget = h('input', {
      type: 'number',
      id: 'plan-budget',
      'data-testid': 'plan-budget',
      value: this.draft.budget,
      min: 0,
      step: 'any',
      inputmode: 'decimal',
    });
    budget.addEventListener('input', () => (this.draft.budget = budget.value));
    const method = (m: PlanMethod) => {
      const input = h('input', {
        type: 'radio',
        name: 'plan-method',
        id: `plan-method-${m}`,
        value: m,
        'data-testid': `plan-method-${m}`,
        checked: this.draft.method === m,
      });
      input.addEventListener('change', () => (this.draft.method = m));
      return h('label', { class: 'radio', for: `plan-method-${m}` }, input, t(m === 'greedy' ? 'plan.greedy' : 'plan.exact'));
    };
    const running = s.plan.status === 'loading';
    const run = h(
      'button',
      { type: 'submit', class: 'button button-primary', 'data-testid': 'plan-run', disabled: running },
      t(running ? 'plan.running' : 'plan.run'),
    );
    const form = h(
      'form',
      { class: 'plan-form', novalidate: true },
      h(
        'div',
        { class: 'field-grid' },
        h('label', { for: 'plan-max-sites' }, t('plan.maxSites')),
        maxSites,
        h('label', { for: 'plan-budget' }, t('plan.budget')),
        budget,
      ),
      h('fieldset', { class: 'radio-group' }, h('legend', {}, t('plan.method')), method('greedy'), method('exact')),
      run,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      // The server validates the numbers and says what is wrong; an empty budget means none.
      const max = Number(maxSites.value);
      this.handlers.onRunPlan({
        maxSites: maxSites.value.trim() === '' ? Number.NaN : max,
        budget: budget.value.trim() === '' ? null : Number(budget.value),
        method: this.draft.method,
      });
    });
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'plan-title', 'data-testid': 'plan-section' },
      h('h2', { id: 'plan-title' }, t('plan.title')),
      form,
      running ? busyLine(t('plan.running'), 'plan-busy') : null,
      s.plan.status === 'error' ? errorBox(t, s.plan.error, 'plan-error') : null,
      this.planResult(t, locale, s, canEdit),
    );
  }

  private planResult(t: Translate, locale: Locale, s: PlannerState, canEdit: boolean): HTMLElement | null {
    const plan = s.plan.data;
    if (!plan || s.plan.status !== 'ready') return null;
    if (plan.selected.length === 0) return h('p', { class: 'panel-hint', 'data-testid': 'plan-result' }, t('plan.none'));
    const use = h(
      'button',
      { type: 'button', class: 'button button-quiet', 'data-testid': 'plan-use', disabled: !canEdit },
      t('plan.useAsWorking'),
    );
    use.addEventListener('click', () => this.handlers.onUsePlan());
    return h(
      'div',
      { class: 'plan-result', 'data-testid': 'plan-result' },
      h(
        'p',
        {},
        h('span', { class: `badge ${plan.optimal ? 'is-better' : ''}` }, t(plan.optimal ? 'plan.optimal' : 'plan.heuristic')),
        ' ',
        t('plan.result', { count: formatNumber(locale, plan.selected.length), cost: formatNumber(locale, plan.totalCost, 1) }),
      ),
      h(
        'ol',
        { class: 'plan-sites' },
        ...plan.selected.map((site) =>
          h(
            'li',
            { 'data-code': site.code },
            h('strong', {}, site.code),
            ` ${site.name} · `,
            t('unit.pp', { value: formatSigned(locale, site.coveragePctGain, 2) }),
          ),
        ),
      ),
      figuresTable(t, locale, plan.before, plan.after, 'plan-figures'),
      use,
    );
  }

  private compareSection(t: Translate, locale: Locale, s: PlannerState): HTMLElement {
    const scenarios = s.scenarios.data ?? [];
    const title = h('h2', { id: 'compare-title' }, t('compare.title'));
    if (scenarios.length === 0) {
      return h(
        'section',
        { class: 'panel-section', 'aria-labelledby': 'compare-title', 'data-testid': 'compare-section' },
        title,
        h('p', { class: 'panel-hint' }, t('compare.needScenarios')),
      );
    }
    if (!scenarios.some((sc) => sc.name === this.draft.compareTarget)) this.draft.compareTarget = scenarios[scenarios.length - 1].name;
    const base = h(
      'select',
      { id: 'compare-base', 'data-testid': 'compare-base' },
      ...scenarioOptions(t, scenarios, this.draft.compareBase),
    );
    base.addEventListener('change', () => (this.draft.compareBase = base.value));
    const target = h(
      'select',
      { id: 'compare-target', 'data-testid': 'compare-target' },
      ...scenarios.map((sc) => h('option', { value: sc.name, selected: sc.name === this.draft.compareTarget }, sc.name)),
    );
    target.addEventListener('change', () => (this.draft.compareTarget = target.value));
    const running = s.comparison.status === 'loading';
    const run = h(
      'button',
      { type: 'submit', class: 'button button-primary', 'data-testid': 'compare-run', disabled: running },
      t(running ? 'compare.running' : 'compare.run'),
    );
    const form = h(
      'form',
      { class: 'plan-form', novalidate: true },
      h(
        'div',
        { class: 'field-grid' },
        h('label', { for: 'compare-base' }, t('compare.base')),
        base,
        h('label', { for: 'compare-target' }, t('compare.target')),
        target,
      ),
      run,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.handlers.onCompare(base.value, target.value);
    });
    return h(
      'section',
      { class: 'panel-section', 'aria-labelledby': 'compare-title', 'data-testid': 'compare-section' },
      title,
      form,
      running ? busyLine(t('compare.running'), 'compare-busy') : null,
      s.comparison.status === 'error' ? errorBox(t, s.comparison.error, 'compare-error') : null,
      this.compareResult(t, locale, s),
    );
  }

  /**
   * The comparison as one narrow table (it must read in the 360 px panel): per network a heading
   * row, then coverage by area and by population, people covered and reports outside coverage,
   * each before (base), after (compared scenario) and the change. The two sides are named above.
   */
  private compareResult(t: Translate, locale: Locale, s: PlannerState): HTMLElement | null {
    const c = s.comparison.data;
    if (!c || s.comparison.status !== 'ready') return null;
    const pct = (v: number) => formatPercent(locale, v, 2);
    const pp = (v: number) => t('unit.pp', { value: formatSigned(locale, v, 2) });
    const people = (v: number) => formatNumber(locale, v);
    const signed = (v: number) => formatSigned(locale, v, 0);
    const name = (v: string) => (v === EXISTING ? t('planning.existing') : v);
    const metrics = [
      ['figure.coverageArea', 'coveragePct', pct, pp, true],
      ['figure.coveragePopulation', 'populationPct', pct, pp, true],
      ['figure.coveredPopulation', 'coveredPopulation', people, signed, true],
      ['figure.reportsUncovered', 'reportsUncovered', people, signed, false],
    ] as const;
    const rows = c.networks.flatMap((n) => [
      h(
        'tr',
        { class: 'compare-network', 'data-network': n.technology },
        h('th', { scope: 'colgroup', colspan: 4 }, labelOf(t, 'tech', n.technology)),
      ),
      ...metrics.map(([label, key, format, formatDelta, upIsBetter]) => {
        const delta = n.delta[key];
        const better = upIsBetter ? delta > 0 : delta < 0;
        const tone = Math.abs(delta) < 1e-9 ? 'delta' : `delta ${better ? 'is-better' : 'is-worse'}`;
        return h(
          'tr',
          { 'data-figure': key, 'data-of': n.technology },
          h('th', { scope: 'row' }, t(label)),
          h('td', {}, format(n.before[key])),
          h('td', {}, format(n.after[key])),
          h('td', { class: tone }, formatDelta(delta)),
        );
      }),
    ]);
    const sum = (features: { properties: { areaKm2: number } }[]) => features.reduce((a, f) => a + f.properties.areaKm2, 0);
    const km2 = (v: number) => t('unit.km2', { value: formatNumber(locale, v, 2) });
    return h(
      'div',
      { class: 'compare-result', 'data-testid': 'compare-result' },
      h(
        'p',
        { class: 'compare-sides', 'data-testid': 'compare-sides' },
        t('compare.sides', { base: name(c.base), target: name(c.target) }),
      ),
      h(
        'table',
        { class: 'figures-table compare-table', 'data-testid': 'compare-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('td', {}),
            h('th', { scope: 'col' }, t('figure.before')),
            h('th', { scope: 'col' }, t('figure.after')),
            h('th', { scope: 'col' }, t('figure.change')),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
      c.networks.some((n) => n.technology === 'any')
        ? h('p', { class: 'panel-hint', 'data-testid': 'compare-any-note' }, t('figure.anyReportsNote'))
        : null,
      h(
        'p',
        { class: 'panel-hint' },
        t('compare.newlyCovered', { area: km2(sum(c.difference.newlyCovered.features)) }),
        ' · ',
        t('compare.newlyLost', { area: km2(sum(c.difference.newlyLost.features)) }),
      ),
      h('p', { class: 'panel-hint' }, t('compare.hint', { network: labelOf(t, 'tech', c.difference.technology as Network) })),
    );
  }
}

/** How the last rename or deletion went (shown after a deletion too, when the scenario is gone from the form). */
function manageMessage(t: Translate, s: PlannerState): HTMLElement | null {
  const m = s.manage;
  const id = 'scenario-manage-message';
  const deleting = m.action === 'delete';
  if (m.status === 'working') return busyLine(t(deleting ? 'planning.deleting' : 'planning.renaming'), id);
  if (m.status === 'done') return okLine(t(deleting ? 'planning.deleted' : 'planning.renamed', { name: m.name }), id);
  if (m.status === 'error') return errorBox(t, m.error, id, t(deleting ? 'planning.deleteFailed' : 'validation.failed'));
  return null;
}

function scenarioOptions(t: Translate, scenarios: readonly Scenario[], selected: string): HTMLOptionElement[] {
  return [
    h('option', { value: EXISTING, selected: selected === EXISTING }, t('planning.existing')),
    ...scenarios.map((sc) => h('option', { value: sc.name, selected: sc.name === selected }, sc.name)),
  ];
}

function changeCount(c: { addCandidates: unknown[]; cellChanges: unknown[]; removeCells: unknown[] }): number {
  return c.addCandidates.length + c.cellChanges.length + c.removeCells.length;
}

/** Each change of a scenario in words, with the reference that takes it out. */
function changeLines(
  t: Translate,
  locale: Locale,
  changes: { addCandidates: string[]; cellChanges: CellChange[]; removeCells: string[] },
): { text: string; ref: ScenarioChangeRef }[] {
  const value = (field: string, v: number | null) => {
    const label =
      field === 'azimuthDeg'
        ? t('field.azimuth')
        : field === 'tiltDeg'
          ? t('field.tilt')
          : field === 'powerDbm'
            ? t('field.power')
            : field === 'heightM'
              ? t('field.height')
              : field;
    return `${label} ${v === null ? '—' : formatNumber(locale, v, 1)}`;
  };
  return [
    ...changes.cellChanges.map((c) => ({
      text: t('working.cellChange', {
        cell: c.cell,
        changes: Object.entries(c)
          .filter(([k, v]) => k !== 'cell' && v !== undefined)
          .map(([k, v]) => value(k, v as number | null))
          .join(', '),
      }),
      ref: { kind: 'cell' as const, key: c.cell },
    })),
    ...changes.addCandidates.map((code) => ({
      text: t('working.addCandidate', { code }),
      ref: { kind: 'add-candidate' as const, key: code },
    })),
    ...changes.removeCells.map((cell) => ({ text: t('working.removeCell', { cell }), ref: { kind: 'remove-cell' as const, key: cell } })),
  ];
}

/** A progress bar with its figures while a coverage is computed as a job (tiles done of all, time left). */
function jobProgress(t: Translate, locale: Locale, progress: CoverageJobProgress | undefined): HTMLElement | null {
  if (!progress) return null;
  const figures = t('planning.jobProgress', {
    done: formatNumber(locale, progress.tilesDone),
    total: formatNumber(locale, progress.tilesTotal),
  });
  const left = progress.etaS === null ? '' : ` · ${t('planning.jobLeft', { seconds: formatNumber(locale, progress.etaS) })}`;
  return h(
    'div',
    { class: 'job-progress', role: 'status', 'data-testid': 'coverage-job-progress' },
    h('progress', { max: progress.tilesTotal, value: progress.tilesDone, 'aria-label': t('planning.computing') }),
    h('span', {}, `${figures}${left}`),
  );
}
