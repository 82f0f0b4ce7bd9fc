import { REPORT_RESOLUTIONS } from '../../../server/core/model.ts';
import type {
  CandidateProperties,
  CellEdit,
  CellProperties,
  RankingItem,
  ReportEdit,
  ReportProperties,
  ReportResolution,
  ReportStatus,
} from '../api/types.ts';
import { labelOf, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { h } from './dom.ts';
import { busyLine, errorBox, okLine } from './messages.ts';
import { candidatePopupHtml, cellPopupHtml, reportPopupHtml } from './popup-content.ts';

/** Markup made by the popup-content helpers, where every value from data is escaped. */
function fromEscapedHtml(html: string): HTMLElement {
  const box = h('div', {});
  box.innerHTML = html;
  return box;
}

/**
 * Runs a write from a popup: the button is disabled meanwhile, the outcome (a success line, or
 * every problem the API named) goes into `status`.
 */
async function runWrite(
  t: Translate,
  button: HTMLButtonElement,
  status: HTMLElement,
  busyText: string,
  write: () => Promise<string>,
): Promise<void> {
  button.disabled = true;
  // While set, the popup is not drawn again under the user (see MapView.popupBusy).
  status.dataset.busy = 'true';
  status.replaceChildren(busyLine(busyText));
  try {
    const ok = await write();
    status.replaceChildren(okLine(ok, 'popup-ok'));
  } catch (err) {
    status.replaceChildren(errorBox(t, err, 'popup-error', t('validation.failed')));
  } finally {
    button.disabled = false;
    delete status.dataset.busy;
  }
}

export interface CellPopupOptions {
  canEdit: boolean;
  /** Puts the edit into the working scenario; resolves with a line saying what changed. */
  onApply: (edit: CellEdit) => Promise<string>;
  /** Switches the cell off in the working scenario; resolves with a line saying so. */
  onSwitchOff: () => Promise<string>;
  /** A line left by the previous apply, shown again after the popup is rebuilt. */
  message?: string;
}

/** The cell popup: its parameters, and for planners a form to change azimuth, tilt and power. */
export function cellPopup(cell: CellProperties, t: Translate, locale: Locale, extraCells: number, opts: CellPopupOptions): HTMLElement {
  const root = h(
    'div',
    { class: 'popup-dom', 'data-testid': 'cell-popup', 'data-cell-id': cell.id },
    fromEscapedHtml(cellPopupHtml(cell, t, locale, extraCells)),
  );
  const status = h('div', { class: 'popup-status' }, opts.message ? okLine(opts.message, 'popup-ok') : null);
  if (opts.canEdit) {
    const field = (id: string, label: MessageKey, value: number | null, min: number, max: number, step: string) => {
      const input = h('input', {
        type: 'number',
        id: `cell-${id}`,
        'data-testid': `cell-${id}`,
        value: value ?? '',
        min,
        max,
        step,
        inputmode: 'decimal',
      });
      return { input, row: h('div', { class: 'field-pair' }, h('label', { for: `cell-${id}` }, t(label)), input) };
    };
    const azimuth = field('azimuth', 'field.azimuth', cell.azimuthDeg, 0, 360, '1');
    const tilt = field('tilt', 'field.tilt', cell.tiltDeg, -20, 45, '0.5');
    const power = field('power', 'field.power', cell.powerDbm, -10, 80, '0.5');
    const height = field('height', 'field.height', cell.heightM, 1, 300, '0.5');
    const apply = h(
      'button',
      { type: 'submit', class: 'button button-primary button-small', 'data-testid': 'cell-apply' },
      t('cell.apply'),
    );
    const form = h(
      'form',
      { class: 'popup-form', novalidate: true, 'aria-labelledby': 'cell-edit-title' },
      h('h4', { class: 'popup-subtitle', id: 'cell-edit-title' }, t('cell.editTitle')),
      h('div', { class: 'field-pairs' }, azimuth.row, tilt.row, power.row, height.row),
      h('p', { class: 'field-hint' }, t('cell.omniHint'), ' ', t('cell.scenarioHint')),
      apply,
    );
    const off = h(
      'button',
      { type: 'button', class: 'button button-quiet button-small', 'data-testid': 'cell-switch-off' },
      t('cell.switchOff'),
    );
    off.addEventListener('click', () => void runWrite(t, off, status, t('cell.applying'), () => opts.onSwitchOff()));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      // Sent as typed: the API checks the ranges and names what is wrong.
      const num = (input: HTMLInputElement) => (input.value.trim() === '' ? null : Number(input.value));
      const edit: CellEdit = {
        azimuthDeg: num(azimuth.input),
        tiltDeg: num(tilt.input) ?? cell.tiltDeg,
        powerDbm: num(power.input) ?? cell.powerDbm,
        heightM: num(height.input) ?? cell.heightM,
      };
      void runWrite(t, apply, status, t('cell.applying'), () => opts.onApply(edit));
    });
    root.append(form, off);
  }
  root.append(status);
  return root;
}

export interface ReportPopupOptions {
  canEdit: boolean;
  /** Candidate codes a report can be resolved by. */
  candidateCodes: readonly string[];
  /** Saves the status change; resolves with a line saying what changed. */
  onUpdate: (edit: ReportEdit) => Promise<string>;
  message?: string;
}

/** The report popup: its fields, and for planners the workflow open → investigating → resolved. */
export function reportPopup(report: ReportProperties, t: Translate, locale: Locale, opts: ReportPopupOptions): HTMLElement {
  const root = h(
    'div',
    { class: 'popup-dom', 'data-testid': 'report-popup', 'data-status': report.status },
    fromEscapedHtml(reportPopupHtml(report, t, locale)),
  );
  const status = h('div', { class: 'popup-status' }, opts.message ? okLine(opts.message, 'popup-ok') : null);
  if (opts.canEdit) {
    const actions = h('div', { class: 'popup-actions' });
    const transition = (label: MessageKey, to: ReportStatus, testid: string) => {
      const b = h('button', { type: 'button', class: 'button button-quiet button-small', 'data-testid': testid }, t(label));
      b.addEventListener('click', () => void runWrite(t, b, status, t('status.working'), () => opts.onUpdate({ status: to })));
      return b;
    };
    const resolveButton = h(
      'button',
      { type: 'button', class: 'button button-quiet button-small', 'data-testid': 'report-resolve', 'aria-expanded': 'false' },
      t('report.resolve'),
    );
    const form = resolveForm(t, opts, status);
    form.hidden = true;
    resolveButton.addEventListener('click', () => {
      form.hidden = !form.hidden;
      resolveButton.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) form.querySelector<HTMLElement>('select')?.focus();
    });
    if (report.status === 'open') actions.append(transition('report.investigate', 'investigating', 'report-investigate'), resolveButton);
    if (report.status === 'investigating') actions.append(resolveButton, transition('report.reopen', 'open', 'report-reopen'));
    if (report.status === 'resolved') actions.append(transition('report.reopen', 'open', 'report-reopen'));
    root.append(actions, form);
  }
  root.append(status);
  return root;
}

function resolveForm(t: Translate, opts: ReportPopupOptions, status: HTMLElement): HTMLFormElement {
  const resolution = h(
    'select',
    { id: 'report-resolution', 'data-testid': 'report-resolution' },
    h('option', { value: '' }, t('report.choose')),
    ...REPORT_RESOLUTIONS.map((r) => h('option', { value: r }, labelOf(t, 'resolution', r))),
  );
  const candidate = h(
    'select',
    { id: 'report-candidate', 'data-testid': 'report-candidate' },
    h('option', { value: '' }, t('value.none')),
    ...opts.candidateCodes.map((c) => h('option', { value: c }, c)),
  );
  const site = h('input', { type: 'text', id: 'report-site', 'data-testid': 'report-site', maxlength: 64, autocomplete: 'off' });
  const confirm = h(
    'button',
    { type: 'submit', class: 'button button-primary button-small', 'data-testid': 'report-confirm' },
    t('report.confirm'),
  );
  const form = h(
    'form',
    { class: 'popup-form', novalidate: true },
    h('div', { class: 'field-pair' }, h('label', { for: 'report-resolution' }, t('field.resolution')), resolution),
    h(
      'div',
      { class: 'field-pair' },
      h('label', { for: 'report-candidate' }, `${t('field.resolvedByCandidate')} ${t('report.optional')}`),
      candidate,
    ),
    h('div', { class: 'field-pair' }, h('label', { for: 'report-site' }, `${t('field.resolvedBySite')} ${t('report.optional')}`), site),
    confirm,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const edit: ReportEdit = {
      status: 'resolved',
      // An empty choice is sent as none: the API explains that a resolution is needed.
      resolution: (resolution.value || null) as ReportResolution | null,
      resolvedByCandidateCode: candidate.value || null,
      resolvedBySiteCode: site.value.trim() || null,
    };
    void runWrite(t, confirm, status, t('status.working'), () => opts.onUpdate(edit));
  });
  return form;
}

export interface CandidatePopupOptions {
  canEdit: boolean;
  inWorking: boolean;
  /** [lon, lat] WGS84 degrees. */
  lonLat: [number, number];
  onAdd: () => void;
  onPreview: () => void;
  /** Moves the candidate; resolves with a line saying so. */
  onMove: (lonLat: [number, number]) => Promise<string>;
  message?: string;
}

/** The candidate popup: its gain figures, preview and add-to-scenario, and for planners a move by coordinates. */
export function candidatePopup(
  c: CandidateProperties,
  ranked: RankingItem | null,
  t: Translate,
  locale: Locale,
  opts: CandidatePopupOptions,
): HTMLElement {
  const root = h(
    'div',
    { class: 'popup-dom', 'data-testid': 'candidate-popup' },
    fromEscapedHtml(candidatePopupHtml(c, ranked, t, locale)),
  );
  const status = h('div', { class: 'popup-status' }, opts.message ? okLine(opts.message, 'popup-ok') : null);
  const preview = h(
    'button',
    { type: 'button', class: 'button button-quiet button-small', 'data-testid': 'candidate-preview' },
    t('planning.preview'),
  );
  preview.addEventListener('click', opts.onPreview);
  const add = h(
    'button',
    {
      type: 'button',
      class: 'button button-quiet button-small',
      'data-testid': 'candidate-add',
      disabled: opts.inWorking || !opts.canEdit,
    },
    t(opts.inWorking ? 'planning.inScenario' : 'planning.add'),
  );
  add.addEventListener('click', opts.onAdd);
  root.append(h('div', { class: 'popup-actions' }, preview, add));
  if (opts.canEdit) {
    const coord = (id: 'lon' | 'lat', value: number) => {
      const input = h('input', {
        type: 'number',
        id: `candidate-${id}`,
        'data-testid': `candidate-${id}`,
        value: formatCoordinate(value),
        step: 'any',
        inputmode: 'decimal',
      });
      return {
        input,
        row: h('div', { class: 'field-pair' }, h('label', { for: `candidate-${id}` }, t(id === 'lon' ? 'field.lon' : 'field.lat')), input),
      };
    };
    const lon = coord('lon', opts.lonLat[0]);
    const lat = coord('lat', opts.lonLat[1]);
    const move = h(
      'button',
      { type: 'submit', class: 'button button-quiet button-small', 'data-testid': 'candidate-move' },
      t('candidate.move'),
    );
    const form = h(
      'form',
      { class: 'popup-form', novalidate: true },
      h('div', { class: 'field-pairs' }, lon.row, lat.row),
      h('p', { class: 'field-hint' }, t('candidate.dragHint')),
      move,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void runWrite(t, move, status, t('candidate.moving'), () => opts.onMove([Number(lon.input.value), Number(lat.input.value)]));
    });
    root.append(form);
  }
  root.append(status);
  return root;
}

/** A popup from escaped markup, with an optional button underneath (e.g. preview the candidate a remedy names). */
export function infoPopup(html: string, testid: string, action?: { label: string; testid: string; run: () => void }): HTMLElement {
  const root = h('div', { class: 'popup-dom', 'data-testid': testid }, fromEscapedHtml(html));
  if (action) {
    const b = h('button', { type: 'button', class: 'button button-quiet button-small', 'data-testid': action.testid }, action.label);
    b.addEventListener('click', action.run);
    root.append(h('div', { class: 'popup-actions' }, b));
  }
  return root;
}

/** A popup that is still loading. */
export function loadingPopup(t: Translate, title: string): HTMLElement {
  return h('div', { class: 'popup-dom' }, h('h3', { class: 'popup-title' }, title), busyLine(t('popup.loading')));
}

/** An error popup with every problem in words. */
export function errorPopup(t: Translate, title: string, err: unknown): HTMLElement {
  return h('div', { class: 'popup-dom' }, h('h3', { class: 'popup-title' }, title), errorBox(t, err, 'popup-error'));
}

/** Six decimals: about 0.1 m, more than any site position is known to. */
function formatCoordinate(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}
