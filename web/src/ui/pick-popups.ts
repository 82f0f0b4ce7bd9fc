import type { ApiClient } from '../api/client.ts';
import type { CandidateFeature, CellChange, CellEdit, CellProperties, ReportEdit } from '../api/types.ts';
import { labelOf, type Locale, type Translate } from '../i18n/index.ts';
import { escapeHtml } from '../lib/escape-html.ts';
import type { MapView } from '../map/map-view.ts';
import type { AppState, AppStore } from '../state/app-state.ts';
import type { EditActions } from '../state/edit-actions.ts';
import type { MapPick } from '../state/map-pick.ts';
import type { PlannerActions } from '../state/planner-actions.ts';
import { inWorkingScenario, rasterCandidates, type PlannerState } from '../state/planner-state.ts';
import { selectCanEdit, selectLocale, selectPlaceName, selectTranslate } from '../state/selectors.ts';
import { showWriteError } from '../state/status-actions.ts';
import type { ViewActions } from '../state/view-actions.ts';
import { cellNamer, differencePopupHtml, gapPopupHtml, hotspotPopupHtml, pointPopupHtml, surveyPopupHtml } from './popup-content.ts';
import { candidatePopup, cellPopup, errorPopup, infoPopup, loadingPopup, reportPopup } from './popups.ts';
import { terrainChartElement } from './terrain-chart.ts';

export interface PopupDeps {
  store: AppStore;
  map: Pick<MapView, 'showPopup' | 'isPopupOpen' | 'popupBusy'>;
  api: Pick<ApiClient, 'pointCoverage'>;
  planner: PlannerActions;
  edits: EditActions;
  view: Pick<ViewActions, 'preview'>;
}

/**
 * The popups of what the planner picks on the map (or shows from a list): a cell (with its
 * editor), a report (with its workflow), a candidate (gains, preview, add, move), a gap or hotspot
 * (with the remedy), a scenario difference, or a pixel of a coverage raster (the level per server).
 * They read the store and change it through actions.
 */
export class PickPopups {
  private current: MapPick | null = null;
  private seen = { remedies: '', ranking: '' };

  constructor(private readonly deps: PopupDeps) {
    deps.store.subscribe(
      (s) => s.selection,
      (selection) => selection && this.open(selection.pick),
    );
    deps.store.subscribe(
      (s) => s.planner,
      (planner) => this.plannerChanged(planner),
    );
  }

  private get state(): AppState {
    return this.deps.store.getState();
  }

  private get t(): Translate {
    return selectTranslate(this.state);
  }

  private get locale(): Locale {
    return selectLocale(this.state);
  }

  private open(pick: MapPick): void {
    this.current = pick;
    const { t } = this;
    const s = this.state.planner;
    switch (pick.kind) {
      case 'cells':
        return this.showCell(pick.ids, pick.lonLat);
      case 'report':
        return this.showReport(pick.id, pick.lonLat);
      case 'survey': {
        const answer = this.state.surveyResponses.find((f) => f.properties.id === pick.id);
        if (!answer) return;
        const place = this.state.places.find((f) => f.properties.code === answer.properties.placeCode);
        const html = surveyPopupHtml(
          answer.properties,
          t,
          this.locale,
          place && (this.locale === 'en' ? (place.properties.nameEn ?? place.properties.name) : place.properties.name),
        );
        return this.deps.map.showPopup(pick.lonLat, infoPopup(html, 'survey-popup'));
      }
      case 'candidate':
        return this.showCandidate(pick.id);
      case 'gap':
      case 'hotspot':
        this.deps.planner.want('remedies');
        return this.showTarget(pick.kind, pick.id, pick.lonLat);
      case 'difference': {
        const diff = s.comparison.data?.difference;
        const covered = diff?.newlyCovered.features.find((f) => f.properties.id === pick.id);
        const lost = diff?.newlyLost.features.find((f) => f.properties.id === pick.id);
        const feature = covered ?? lost;
        if (!feature) return;
        this.deps.map.showPopup(
          pick.lonLat,
          infoPopup(differencePopupHtml(feature.properties, covered ? 'covered' : 'lost', t, this.locale), 'difference-popup'),
        );
        return;
      }
      case 'pixel':
        return void this.showPoint(pick.lonLat);
    }
  }

  /** Refreshes an open gap, hotspot or candidate popup when the remedies or the ranking arrive. */
  private plannerChanged(s: PlannerState): void {
    const remedies = `${s.remedies.status}|${s.network}|${s.scenario}`;
    const ranking = `${s.ranking.status}|${s.working.join(',')}`;
    const pick = this.current;
    const changed = { remedies: remedies !== this.seen.remedies, ranking: ranking !== this.seen.ranking };
    this.seen = { remedies, ranking };
    if (!pick || !this.deps.map.isPopupOpen()) return;
    if ((pick.kind === 'gap' || pick.kind === 'hotspot') && changed.remedies) this.showTarget(pick.kind, pick.id, pick.lonLat);
    if (pick.kind === 'candidate' && changed.ranking && s.ranking.status !== 'loading' && !this.deps.map.popupBusy())
      this.showCandidate(pick.id);
  }

  private showCell(ids: number[], lonLat: [number, number], message?: string): void {
    const stored = this.state.cells.features.find((f) => f.properties.id === ids[0])?.properties;
    if (!stored) return;
    // Shown with the values of the working scenario, where the planner changed them.
    const key = `${stored.siteCode}/${stored.code}`;
    const change = this.state.planner.workingScenario.data?.changes.cellChanges.find((c) => c.cell === key);
    const cell: CellProperties = change
      ? { ...stored, ...Object.fromEntries(Object.entries(change).filter(([k, v]) => k !== 'cell' && v !== undefined)) }
      : stored;
    const content = cellPopup(cell, this.t, this.locale, ids.length - 1, {
      canEdit: selectCanEdit(this.state),
      message,
      onApply: async (edit) => {
        const text = await this.editCell(cell, edit);
        if (this.current?.kind === 'cells' && this.current.ids[0] === cell.id) this.showCell(ids, lonLat, text);
        return text;
      },
      onSwitchOff: () => this.switchOffCell(stored),
    });
    this.deps.map.showPopup(lonLat, content);
  }

  /**
   * Puts a cell edit into the working scenario (the existing network is not touched) and says so;
   * only the values that differ from the cell's are recorded.
   */
  private async editCell(cell: CellProperties, edit: CellEdit): Promise<string> {
    const key = `${cell.siteCode}/${cell.code}`;
    const change: CellChange = { cell: key };
    if (edit.azimuthDeg !== undefined && edit.azimuthDeg !== cell.azimuthDeg) change.azimuthDeg = edit.azimuthDeg;
    if (edit.tiltDeg !== undefined && edit.tiltDeg !== cell.tiltDeg) change.tiltDeg = edit.tiltDeg;
    if (edit.powerDbm !== undefined && edit.powerDbm !== cell.powerDbm) change.powerDbm = edit.powerDbm;
    if (edit.heightM !== undefined && edit.heightM !== cell.heightM) change.heightM = edit.heightM;
    const scenario = await this.deps.planner.editWorking({ kind: 'cell', change });
    return this.t('cell.addedToWorking', { code: key, name: scenario.name });
  }

  private async switchOffCell(cell: CellProperties): Promise<string> {
    const key = `${cell.siteCode}/${cell.code}`;
    const scenario = await this.deps.planner.editWorking({ kind: 'remove-cell', cell: key });
    return this.t('cell.switchedOff', { code: key, name: scenario.name });
  }

  private showReport(id: number, lonLat: [number, number], message?: string): void {
    const feature = this.state.reports.features.find((f) => f.properties.id === id);
    if (!feature) return;
    const content = reportPopup(feature.properties, this.t, this.locale, {
      canEdit: selectCanEdit(this.state),
      candidateCodes: [...this.state.candidates.keys()],
      message,
      onUpdate: async (edit: ReportEdit) => {
        const updated = await this.deps.edits.editReport(id, edit);
        const text = this.t('report.updated', { status: labelOf(this.t, 'reportStatus', updated.status) });
        if (this.current?.kind === 'report' && this.current.id === id) this.showReport(id, lonLat, text);
        return text;
      },
    });
    this.deps.map.showPopup(lonLat, content);
  }

  private showCandidate(id: number, message?: string): void {
    const candidate = [...this.state.candidates.values()].find((c) => c.properties.id === id);
    if (!candidate) return;
    const s = this.state.planner;
    const code = candidate.properties.code;
    const ranked = s.ranking.data?.items.find((i) => i.code === code) ?? null;
    const lonLat: [number, number] = [candidate.geometry.coordinates[0], candidate.geometry.coordinates[1]];
    const content = candidatePopup(candidate.properties, ranked, this.t, this.locale, {
      canEdit: selectCanEdit(this.state),
      inWorking: inWorkingScenario(s, code),
      lonLat,
      message,
      // Into the working scenario, like every edit made on the map.
      onAdd: () =>
        void this.deps.planner.editWorking({ kind: 'add-candidate', code }).then(
          () => this.showCandidate(id),
          (err: unknown) => showWriteError(this.deps.store, err),
        ),
      onPreview: () => this.deps.view.preview(code),
      onMove: async (to) => {
        const text = await this.moveCandidate(candidate, to);
        if (this.current?.kind === 'candidate' && this.current.id === id) this.showCandidate(id, text);
        return text;
      },
    });
    this.deps.map.showPopup(lonLat, content);
  }

  private async moveCandidate(candidate: CandidateFeature, to: [number, number]): Promise<string> {
    const moved = await this.deps.edits.moveCandidate(candidate, to);
    return this.t('candidate.moved', { code: moved.properties.code });
  }

  private showTarget(kind: 'gap' | 'hotspot', id: string, lonLat: [number, number]): void {
    const s = this.state.planner;
    const remedy = s.remedies.data?.items.find((r) => r.target.id === id) ?? null;
    const place = selectPlaceName(this.state, id);
    let html: string;
    if (kind === 'gap') {
      const gap = s.gaps.data?.features.find((f) => f.properties.id === id);
      if (!gap) return;
      html = gapPopupHtml(gap.properties, place, remedy, this.t, this.locale);
    } else {
      const hotspot = s.hotspots.data?.features.find((f) => f.properties.id === id);
      if (!hotspot) return;
      html = hotspotPopupHtml(hotspot.properties, place, remedy, this.t, this.locale);
    }
    if (!remedy && s.remedies.status === 'loading') html += `<p class="popup-more">${escapeHtml(this.t('popup.loading'))}</p>`;
    const code = remedy?.candidate?.code;
    const action = code
      ? { label: `${this.t('planning.preview')} ${code}`, testid: 'remedy-preview', run: () => this.deps.view.preview(code) }
      : undefined;
    this.deps.map.showPopup(lonLat, infoPopup(html, `${kind}-popup`, action));
  }

  /** Readable names of the cells a point answer lists: site and candidate names, not keys. */
  private cellNamer(): (key: string) => string {
    const candidates = new Map([...this.state.candidates.values()].map((c) => [c.properties.code, c.properties.name]));
    const sites = new Map(this.state.cells.features.map((f) => [f.properties.siteCode, f.properties.siteName]));
    return cellNamer(this.t, candidates, sites);
  }

  private async showPoint(lonLat: [number, number]): Promise<void> {
    const { api, map: mapView } = this.deps;
    const area = this.state.area;
    if (!area) return;
    const pick = this.current;
    const title = this.t('popup.point');
    mapView.showPopup(lonLat, loadingPopup(this.t, title));
    try {
      const s = this.state.planner;
      const point = await api.pointCoverage(area.code, lonLat, {
        technology: s.network,
        scenario: s.scenario,
        candidates: rasterCandidates(s),
      });
      if (this.current !== pick) return;
      const names = this.cellNamer();
      const popup = infoPopup(pointPopupHtml(point, this.t, this.locale, 6, names), 'point-popup');
      // With a DEM, the strongest server's terrain profile as a chart.
      const chart = terrainChartElement(
        [...point.servers].sort((a, b) => b.levelDbm - a.levelDbm),
        names,
        this.t,
        this.locale,
      );
      if (chart) popup.append(chart);
      mapView.showPopup(lonLat, popup);
    } catch (err) {
      if (this.current === pick) mapView.showPopup(lonLat, errorPopup(this.t, title, err));
    }
  }
}
