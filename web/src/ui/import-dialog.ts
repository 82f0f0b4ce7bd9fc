import { Map as MapLibreMap, type GeoJSONSource } from 'maplibre-gl';
import type { ImportAudit, ImportDetection, ImportJob, ImportReport, RowError } from '../../../server/contract/imports.ts';
import type { DemImportReport } from '../../../server/contract/elevation.ts';
import type { ApiClient } from '../api/client.ts';
import { labelOf, type Translate } from '../i18n/index.ts';
import { downloadText } from '../lib/download.ts';
import { h } from './dom.ts';
import {
  choose,
  emptyChoices,
  importFields,
  jobProgress,
  previewPoints,
  rowErrorsCsv,
  VALUE_GROUPS,
  type ImportChoices,
} from './import-model.ts';

/** Polls of a running job, apart (ms). */
const POLL_MS = 500;
/** Errors listed on screen (all of the report's are in the CSV). */
const ERRORS_SHOWN = 200;

export interface ImportDialogDeps {
  api: ApiClient;
  /** The area imported into (its code), and the translator of the moment. */
  area(): string | null;
  t(): Translate;
  /** The page's language, which the server's errors and warnings are asked in. */
  lang(): 'en' | 'zh';
  /** Called after rows were written or an import was undone: the map reloads the area. */
  changed(): void;
}

/**
 * The import screen (administrators): choose or drop a file; see what the server detected (kind,
 * format, encoding, CRS, header row, column → field) and change any of it; the first rows and their
 * positions on a small map; the unrecognised values, each with a category to map it to; a dry run
 * with its row errors (downloadable as CSV); the import with a progress bar and its result; and the
 * area's import history, where an import can be undone. Built from the server's answer (its kinds
 * and fields), so new import kinds appear here without a change.
 */
export class ImportDialog {
  private readonly dialog: HTMLDialogElement;
  private readonly body = h('div', { class: 'import-body' });
  private readonly mapBox = h('div', { class: 'import-map', 'data-testid': 'import-map' });
  private map: MapLibreMap | null = null;
  private file: File | null = null;
  private choices: ImportChoices = emptyChoices();
  private detection: ImportDetection | null = null;
  private report: ImportReport | null = null;
  private job: ImportJob | null = null;
  private history: ImportAudit[] = [];
  private busy = false;
  private error: string | null = null;
  private notice: string | null = null;
  private demFiles: File[] = [];
  private demReport: DemImportReport | null = null;
  private demError: string | null = null;

  constructor(private readonly deps: ImportDialogDeps) {
    this.dialog = h('dialog', { class: 'import-dialog', 'data-testid': 'import-dialog', 'aria-labelledby': 'import-title' });
    document.body.append(this.dialog);
    this.dialog.addEventListener('close', () => {
      this.map?.remove();
      this.map = null;
    });
  }

  open(): void {
    this.file = null;
    this.choices = emptyChoices();
    this.detection = null;
    this.report = null;
    this.job = null;
    this.error = null;
    this.notice = null;
    this.demFiles = [];
    this.demReport = null;
    this.demError = null;
    this.render();
    this.dialog.showModal();
    void this.loadHistory();
  }

  private get t(): Translate {
    return this.deps.t();
  }

  private render(): void {
    const t = this.t;
    const close = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'import-close' }, t('import.close'));
    close.addEventListener('click', () => this.dialog.close());
    const sections: Array<HTMLElement | null | false | undefined> = [
      this.fileSection(),
      this.error ? h('p', { class: 'field-error', role: 'alert', 'data-testid': 'import-error' }, this.error) : null,
      this.notice ? h('p', { class: 'import-notice', role: 'status', 'data-testid': 'import-notice' }, this.notice) : null,
      this.detection ? this.detectedSection(this.detection) : null,
      this.detection ? this.previewSection(this.detection) : null,
      this.detection?.unrecognised.length ? this.valuesSection(this.detection) : null,
      this.detection ? this.runSection() : null,
      this.demSection(),
      this.historySection(),
    ];
    this.body.replaceChildren(...sections.filter((x): x is HTMLElement => !!x));
    if (!this.dialog.contains(this.body)) {
      this.dialog.replaceChildren(h('div', { class: 'import-head' }, h('h2', { id: 'import-title' }, t('import.title')), close), this.body);
    } else {
      this.dialog.querySelector('#import-title')!.textContent = t('import.title');
      this.dialog.querySelector('[data-testid="import-close"]')!.textContent = t('import.close');
    }
    if (this.detection) this.drawMap(this.detection);
  }

  private fileSection(): HTMLElement {
    const t = this.t;
    const input = h('input', {
      type: 'file',
      id: 'import-file',
      'data-testid': 'import-file',
      accept: '.csv,.txt,.tsv,.xlsx,.xlsm,.geojson,.json,.kml,.kmz,.zip',
    });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void this.chooseFile(file);
    });
    const zone = h(
      'label',
      { class: 'import-drop', for: 'import-file', 'data-testid': 'import-drop' },
      h('span', {}, this.file ? t('import.fileChosen', { name: this.file.name, size: formatBytes(this.file.size) }) : t('import.drop')),
      h('span', { class: 'field-hint' }, t('import.formats')),
    );
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('is-over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('is-over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('is-over');
      const file = e.dataTransfer?.files[0];
      if (file) void this.chooseFile(file);
    });
    return h('section', { class: 'import-section' }, h('h3', {}, t('import.step.file')), zone, input);
  }

  /** The area's elevation model: one or more files (tiles), imported at once, replacing the previous model. */
  private demSection(): HTMLElement {
    const t = this.t;
    const input = h('input', {
      type: 'file',
      id: 'import-dem-files',
      'data-testid': 'import-dem-files',
      multiple: true,
      accept: '.tif,.tiff,.hgt,.asc,.prj',
    });
    input.addEventListener('change', () => {
      this.demFiles = Array.from(input.files ?? []);
      this.demReport = null;
      this.demError = null;
      this.render();
    });
    const go = h(
      'button',
      {
        type: 'button',
        class: 'button button-primary',
        'data-testid': 'import-dem-run',
        disabled: this.busy || this.demFiles.length === 0,
      },
      t('import.dem.run'),
    );
    go.addEventListener('click', () => void this.runDem());
    const r = this.demReport;
    return h(
      'section',
      { class: 'import-section', 'data-testid': 'import-dem' },
      h('h3', {}, t('import.dem.title')),
      h('p', { class: 'field-hint' }, t('import.dem.hint')),
      h('div', { class: 'import-field' }, h('label', { for: 'import-dem-files' }, t('import.dem.files')), input),
      this.demFiles.length ? h('p', {}, this.demFiles.map((f) => `${f.name} (${formatBytes(f.size)})`).join(', ')) : null,
      h('div', { class: 'dialog-actions import-actions' }, go),
      this.demError ? h('p', { class: 'field-error', role: 'alert', 'data-testid': 'import-dem-error' }, this.demError) : null,
      r
        ? h(
            'p',
            { role: 'status', 'data-testid': 'import-dem-report' },
            t('import.dem.report', {
              cells: `${r.width}×${r.height}`,
              size: Math.round(r.cellSizeM),
              min: r.minHeightM.toFixed(0),
              max: r.maxHeightM.toFixed(0),
              voids: r.voidsFilled,
              covered: r.coveredPercent.toFixed(0),
            }),
          )
        : null,
    );
  }

  private async runDem(): Promise<void> {
    const area = this.deps.area();
    if (!area || this.demFiles.length === 0) return;
    this.busy = true;
    this.demError = null;
    this.demReport = null;
    this.render();
    try {
      this.demReport = await this.deps.api.importDem(area, this.demFiles);
      this.deps.changed();
    } catch (err) {
      this.demError = this.t('import.failed', { message: (err as Error).message });
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private async chooseFile(file: File): Promise<void> {
    this.file = file;
    this.choices = emptyChoices();
    this.report = null;
    this.job = null;
    await this.detect();
  }

  private async detect(): Promise<void> {
    const area = this.deps.area();
    if (!this.file || !area) return;
    this.busy = true;
    this.error = null;
    this.notice = this.t('import.detecting');
    this.render();
    try {
      this.detection = await this.deps.api.detectImport(area, this.file, this.file.name, {
        ...importFields(this.choices, this.detection),
        lang: this.deps.lang(),
      });
      this.notice = null;
    } catch (err) {
      this.detection = null;
      this.notice = null;
      this.error = this.t('import.failed', { message: (err as Error).message });
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private select(
    id: string,
    label: string,
    options: Array<[value: string, text: string]>,
    selected: string,
    onChange: (value: string) => void,
  ): HTMLElement {
    const select = h('select', { id, 'data-testid': id });
    for (const [value, text] of options) select.append(h('option', { value, selected: value === selected }, text));
    select.addEventListener('change', () => onChange(select.value));
    return h('div', { class: 'import-field' }, h('label', { for: id }, label), select);
  }

  private detectedSection(d: ImportDetection): HTMLElement {
    const t = this.t;
    const redetect = (key: 'kind' | 'format' | 'encoding' | 'crs' | 'sheet' | 'headerRow') => (value: string) => {
      this.choices = choose(this.choices, key, value);
      this.report = null;
      void this.detect();
    };
    const kindFields = d.kinds.find((k) => k.kind === d.kind);
    const fieldOptions: Array<[string, string]> = [
      ['', t('import.ignoreColumn')],
      ...(kindFields?.fields ?? []).map((f): [string, string] => [f, fieldLabel(t, f)]),
    ];
    const columnRows = d.columns.map((c, i) => {
      const select = h('select', { 'data-testid': 'import-column-field', 'data-column': c.header, 'aria-label': c.header });
      for (const [value, text] of fieldOptions) select.append(h('option', { value, selected: value === (c.field ?? '') }, text));
      select.addEventListener('change', () => {
        this.choices = { ...this.choices, mapping: { ...this.choices.mapping, [c.header]: select.value === '' ? null : select.value } };
        this.report = null;
        void this.detect();
      });
      const sample = d.preview.find((r) => r.values[c.header])?.values[c.header] ?? '';
      return h(
        'tr',
        { 'data-index': i },
        h('th', { scope: 'row' }, c.header),
        h('td', {}, select),
        h('td', { class: 'import-muted' }, labelOf(t, 'import.by', c.by)),
        h('td', { class: 'import-muted import-sample' }, sample),
      );
    });
    const encodingValue = this.choices.encoding ?? d.encoding;
    return h(
      'section',
      { class: 'import-section', 'data-testid': 'import-detected' },
      h('h3', {}, t('import.step.detected')),
      h(
        'div',
        { class: 'import-fields' },
        this.select(
          'import-kind',
          t('import.kind'),
          d.kinds.map((k): [string, string] => [k.kind, labelOf(t, 'importKind', k.kind)]),
          d.kind,
          redetect('kind'),
        ),
        this.select(
          'import-format',
          t('import.format'),
          d.formats.map((f): [string, string] => [f, labelOf(t, 'importFormat', f)]),
          this.choices.format ?? d.format,
          redetect('format'),
        ),
        this.select(
          'import-encoding',
          t('import.encoding'),
          ['utf8', 'gbk'].map((e): [string, string] => [e, labelOf(t, 'importEncoding', e)]),
          encodingValue,
          redetect('encoding'),
        ),
        this.select(
          'import-crs',
          t('import.crs'),
          d.crsList.map((c): [string, string] => [c, labelOf(t, 'importCrs', c)]),
          d.crs,
          redetect('crs'),
        ),
      ),
      h(
        'p',
        { class: 'field-hint', 'data-testid': 'import-detected-summary' },
        [
          d.kindGuessed ? t('import.kindGuessed') : null,
          labelOf(t, 'import.crsBasis', d.crsBasis),
          d.headerLine > 0 ? t('import.headerLine', { line: d.headerLine }) : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      d.format === 'csv' || d.format === 'xlsx' ? this.headerRowField(d, redetect('headerRow')) : null,
      d.format === 'xlsx' ? this.sheetField() : null,
      d.missing.length
        ? h(
            'p',
            { class: 'field-error', 'data-testid': 'import-missing' },
            t('import.missing', { fields: d.missing.map((f) => fieldLabel(t, f)).join('、') }),
          )
        : null,
      h(
        'div',
        { class: 'import-table-wrap' },
        h(
          'table',
          { class: 'import-table', 'data-testid': 'import-columns' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('import.column')),
              h('th', {}, t('import.field')),
              h('th', {}, t('import.how')),
              h('th', {}, t('import.sample')),
            ),
          ),
          h('tbody', {}, ...columnRows),
        ),
      ),
      d.warnings.length ? h('ul', { class: 'import-warnings' }, ...d.warnings.map((w) => h('li', {}, w))) : null,
    );
  }

  private headerRowField(d: ImportDetection, onChange: (value: string) => void): HTMLElement {
    const input = h('input', {
      id: 'import-header-row',
      'data-testid': 'import-header-row',
      type: 'number',
      min: 1,
      max: 1000,
      step: 1,
      value: this.choices.headerRow ?? String(d.headerLine),
    });
    input.addEventListener('change', () => onChange(input.value.trim()));
    return h(
      'div',
      { class: 'import-field import-field-narrow' },
      h('label', { for: 'import-header-row' }, this.t('import.headerRow')),
      input,
    );
  }

  private sheetField(): HTMLElement {
    const input = h('input', { id: 'import-sheet', 'data-testid': 'import-sheet', value: this.choices.sheet ?? '' });
    input.addEventListener('change', () => {
      this.choices = choose(this.choices, 'sheet', input.value.trim());
      void this.detect();
    });
    return h('div', { class: 'import-field' }, h('label', { for: 'import-sheet' }, this.t('import.sheet')), input);
  }

  private previewSection(d: ImportDetection): HTMLElement {
    const t = this.t;
    const columns = d.columns.map((c) => c.header);
    const rows = d.preview.map((row) =>
      h(
        'tr',
        { class: row.errors.length ? 'is-bad' : undefined, 'data-testid': 'import-preview-row' },
        h('td', {}, String(row.line)),
        ...columns.map((c) => h('td', {}, row.values[c] ?? '')),
        h('td', {}, row.position ? `${row.position[0].toFixed(5)}, ${row.position[1].toFixed(5)}` : '—'),
        h('td', { class: 'import-reasons' }, row.errors.map((e) => `${e.column}: ${e.reason}`).join('; ')),
      ),
    );
    return h(
      'section',
      { class: 'import-section' },
      h('h3', {}, t('import.step.preview')),
      h(
        'p',
        { class: 'field-hint', 'data-testid': 'import-sample-summary' },
        t('import.sampleSummary', { rows: d.sampleRows, bad: d.sampleRowsWithErrors }),
      ),
      this.mapBox,
      h(
        'div',
        { class: 'import-table-wrap' },
        h(
          'table',
          { class: 'import-table', 'data-testid': 'import-preview' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('import.line')),
              ...columns.map((c) => h('th', {}, c)),
              h('th', {}, t('import.position')),
              h('th', {}, t('import.rowErrors')),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
    );
  }

  private drawMap(d: ImportDetection): void {
    const points = previewPoints(d);
    if (!this.map) {
      this.map = new MapLibreMap({
        container: this.mapBox,
        style: {
          version: 8,
          sources: { preview: { type: 'geojson', data: points } },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } },
            {
              id: 'preview-points',
              type: 'circle',
              source: 'preview',
              paint: {
                'circle-radius': 6,
                'circle-color': ['case', ['get', 'bad'], '#c8102e', '#1f6feb'],
                'circle-stroke-color': '#fff',
                'circle-stroke-width': 1.5,
              },
            },
          ],
        },
        attributionControl: false,
        interactive: true,
      });
      this.map.on('load', () => {
        this.mapBox.dataset.points = String(points.features.length);
      });
    } else {
      (this.map.getSource('preview') as GeoJSONSource | undefined)?.setData(points);
      this.mapBox.dataset.points = String(points.features.length);
    }
    const coords = points.features.map((f) => f.geometry.coordinates);
    if (coords.length) {
      const lons = coords.map((c) => c[0]);
      const lats = coords.map((c) => c[1]);
      const bounds: [number, number, number, number] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
      const fitPoints = () => this.map?.fitBounds(bounds, { padding: 24, maxZoom: 14, duration: 0 });
      if (this.map.loaded()) fitPoints();
      else this.map.once('load', fitPoints);
    }
    this.map.resize();
  }

  private valuesSection(d: ImportDetection): HTMLElement {
    const t = this.t;
    const rows = d.unrecognised.map((u) => {
      const group = VALUE_GROUPS[u.field];
      const select = h('select', {
        'data-testid': 'import-value-map',
        'data-column': u.column,
        'data-value': u.value,
        'aria-label': u.value,
      });
      select.append(h('option', { value: '' }, t('import.valueKeep')));
      for (const choice of u.choices) {
        const chosen = this.choices.values[u.column]?.[u.value] === choice;
        select.append(h('option', { value: choice, selected: chosen }, group ? labelOf(t, group, choice) : choice));
      }
      select.addEventListener('change', () => {
        const column = { ...(this.choices.values[u.column] ?? {}) };
        if (select.value === '') delete column[u.value];
        else column[u.value] = select.value;
        this.choices = { ...this.choices, values: { ...this.choices.values, [u.column]: column } };
      });
      return h(
        'tr',
        {},
        h('td', {}, u.column),
        h('td', {}, u.value),
        h('td', { class: 'import-number' }, String(u.count)),
        h('td', {}, select),
      );
    });
    return h(
      'section',
      { class: 'import-section', 'data-testid': 'import-unrecognised' },
      h('h3', {}, t('import.step.values')),
      h('p', { class: 'field-hint' }, t('import.valuesHint')),
      h(
        'div',
        { class: 'import-table-wrap' },
        h(
          'table',
          { class: 'import-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('import.column')),
              h('th', {}, t('import.value')),
              h('th', {}, t('import.count')),
              h('th', {}, t('import.mapTo')),
            ),
          ),
          h('tbody', {}, ...rows),
        ),
      ),
    );
  }

  private runSection(): HTMLElement {
    const t = this.t;
    const partial = h('input', { type: 'checkbox', id: 'import-partial', 'data-testid': 'import-partial', checked: this.choices.partial });
    partial.addEventListener('change', () => {
      this.choices = { ...this.choices, partial: partial.checked };
    });
    const dry = h('button', { type: 'button', class: 'button', 'data-testid': 'import-dry-run', disabled: this.busy }, t('import.dryRun'));
    dry.addEventListener('click', () => void this.run(true));
    const go = h(
      'button',
      { type: 'button', class: 'button button-primary', 'data-testid': 'import-run', disabled: this.busy },
      t('import.run'),
    );
    go.addEventListener('click', () => void this.run(false));
    const job = this.job;
    return h(
      'section',
      { class: 'import-section' },
      h('h3', {}, t('import.step.run')),
      h('div', { class: 'import-check' }, partial, h('label', { for: 'import-partial' }, t('import.partial'))),
      h('div', { class: 'dialog-actions import-actions' }, dry, go),
      job
        ? h(
            'div',
            { class: 'import-progress' },
            h('progress', {
              max: 1000,
              value: Math.round(jobProgress(job) * 1000),
              'data-testid': 'import-progress',
              'aria-label': t('import.progress'),
            }),
            h(
              'span',
              { 'data-testid': 'import-progress-text' },
              job.state === 'running'
                ? t('import.progressText', { rows: job.rowsRead, percent: Math.round(jobProgress(job) * 100) })
                : t('import.finished'),
            ),
          )
        : null,
      this.report ? this.reportView(this.report) : null,
    );
  }

  private async run(dryRun: boolean): Promise<void> {
    const area = this.deps.area();
    if (!this.file || !area || this.busy) return;
    this.busy = true;
    this.error = null;
    this.report = null;
    this.job = null;
    this.render();
    try {
      let job = await this.deps.api.startImport(area, this.file, this.file.name, {
        ...importFields(this.choices, this.detection, { dryRun }),
        lang: this.deps.lang(),
      });
      this.job = job;
      this.render();
      while (job.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        job = await this.deps.api.importJob(area, job.id);
        this.job = job;
        this.render();
      }
      if (job.state === 'failed') this.error = this.t('import.failed', { message: job.error?.message ?? '?' });
      this.report = job.report;
      if (job.report?.committed) this.deps.changed();
    } catch (err) {
      this.error = this.t('import.failed', { message: (err as Error).message });
    } finally {
      this.busy = false;
      this.render();
      if (!dryRun) void this.loadHistory();
    }
  }

  private reportView(r: ImportReport): HTMLElement {
    const t = this.t;
    const headline = r.dryRun
      ? t('import.result.dryRun', { inserted: r.rowsInserted, updated: r.rowsUpdated, rejected: r.rowsRejected, total: r.rowsTotal })
      : r.committed
        ? t('import.result.committed', { inserted: r.rowsInserted, updated: r.rowsUpdated, rejected: r.rowsRejected, total: r.rowsTotal })
        : t('import.result.refused', { rejected: r.rowsRejected, total: r.rowsTotal });
    const download = h('button', { type: 'button', class: 'button', 'data-testid': 'import-errors-csv' }, t('import.errorsCsv'));
    download.addEventListener('click', () => {
      const csv = rowErrorsCsv(r.errors, [t('import.line'), t('import.column'), t('import.value'), t('import.reason')]);
      downloadText(`${r.fileName.replace(/\.[^.]*$/, '')}-errors.csv`, csv, 'text/csv;charset=utf-8');
    });
    return h(
      'div',
      { class: `import-report ${r.committed || (r.dryRun && r.errorCount === 0) ? 'is-ok' : 'is-bad'}`, 'data-testid': 'import-report' },
      h('p', { 'data-testid': 'import-report-headline' }, headline),
      r.errorCount
        ? h(
            'div',
            {},
            h('p', {}, t('import.errorsTitle', { count: r.errorCount }), ' ', download),
            h(
              'div',
              { class: 'import-table-wrap' },
              h(
                'table',
                { class: 'import-table', 'data-testid': 'import-errors' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    h('th', {}, t('import.line')),
                    h('th', {}, t('import.column')),
                    h('th', {}, t('import.value')),
                    h('th', {}, t('import.reason')),
                  ),
                ),
                h('tbody', {}, ...r.errors.slice(0, ERRORS_SHOWN).map((e) => errorRow(e))),
              ),
            ),
          )
        : null,
      r.warnings.length ? h('ul', { class: 'import-warnings' }, ...r.warnings.map((w) => h('li', {}, w))) : null,
    );
  }

  private async loadHistory(): Promise<void> {
    const area = this.deps.area();
    if (!area) return;
    try {
      this.history = (await this.deps.api.importHistory(area, 20, { lang: this.deps.lang() })).items;
    } catch (err) {
      this.error = this.t('import.failed', { message: (err as Error).message });
    }
    if (this.dialog.open) this.render();
  }

  private historySection(): HTMLElement {
    const t = this.t;
    const rows = this.history.map((a) => {
      const undo = a.undoable ? h('button', { type: 'button', class: 'button', 'data-testid': 'import-undo' }, t('import.undo')) : null;
      undo?.addEventListener('click', () => void this.undo(a));
      const state = a.undoneAt
        ? t('import.state.undone', { user: a.undoneBy ?? '?' })
        : a.committed
          ? t('import.state.committed')
          : t(a.mode === 'dry-run' ? 'import.state.dryRun' : 'import.state.refused');
      return h(
        'tr',
        { 'data-testid': 'import-history-row', 'data-import-id': a.id },
        h('td', {}, new Date(a.createdAt).toLocaleString(document.documentElement.lang || undefined)),
        h('td', {}, a.username),
        h('td', { class: 'import-file-name' }, a.fileName),
        h('td', {}, labelOf(t, 'importKind', a.kind)),
        h('td', { class: 'import-sha', title: a.sha256 }, a.sha256.slice(0, 12)),
        h(
          'td',
          { class: 'import-number' },
          t('import.counts', { inserted: a.rowsInserted, updated: a.rowsUpdated, rejected: a.rowsRejected }),
        ),
        h('td', { 'data-testid': 'import-history-state' }, state),
        h(
          'td',
          { 'data-testid': 'import-history-warnings' },
          a.warnings.length
            ? h(
                'details',
                {},
                h('summary', {}, t('import.warningCount', { count: a.warnings.length })),
                h('ul', { class: 'import-warnings' }, ...a.warnings.map((w) => h('li', {}, w))),
              )
            : null,
        ),
        h('td', {}, undo),
      );
    });
    return h(
      'section',
      { class: 'import-section', 'data-testid': 'import-history' },
      h('h3', {}, t('import.step.history')),
      this.history.length
        ? h(
            'div',
            { class: 'import-table-wrap' },
            h(
              'table',
              { class: 'import-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('import.when')),
                  h('th', {}, t('import.who')),
                  h('th', {}, t('import.file')),
                  h('th', {}, t('import.kind')),
                  h('th', {}, 'SHA-256'),
                  h('th', {}, t('import.rows')),
                  h('th', {}, t('import.state')),
                  h('th', {}, t('import.warnings')),
                  h('th', {}, ''),
                ),
              ),
              h('tbody', {}, ...rows),
            ),
          )
        : h('p', { class: 'field-hint' }, t('import.noHistory')),
    );
  }

  private async undo(a: ImportAudit): Promise<void> {
    const area = this.deps.area();
    if (!area || !window.confirm(this.t('import.undoConfirm', { file: a.fileName, inserted: a.rowsInserted, updated: a.rowsUpdated })))
      return;
    this.error = null;
    try {
      const result = await this.deps.api.undoImport(area, a.id);
      this.notice = this.t('import.undone', { deleted: result.deleted, restored: result.restored });
      this.deps.changed();
    } catch (err) {
      this.error = this.t('import.undoFailed', { message: (err as Error).message });
    }
    await this.loadHistory();
    this.render();
  }
}

function errorRow(e: RowError): HTMLElement {
  return h('tr', {}, h('td', {}, String(e.line)), h('td', {}, e.column), h('td', {}, e.value), h('td', {}, e.reason));
}

/** A canonical field's label (Chinese or English), or the field's own name for one the client does not know. */
function fieldLabel(t: Translate, field: string): string {
  const label = labelOf(t, 'importField', field);
  return label === field ? field : `${label} (${field})`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
