import type { ApiClient } from '../api/client.ts';
import type { Area, CandidateFeature, CellCollection, CellEdit, CellProperties, Network, ReportCollection, ReportEdit } from '../api/types.ts';
import { NETWORKS } from '../api/types.ts';
import { formatPercent, formatSigned, labelOf, type Locale, type Translate } from '../i18n/index.ts';
import { escapeHtml } from '../lib/escape-html.ts';
import type { MapPick, MapView } from '../map/map-view.ts';
import type { Planner, PlannerState } from '../planning/planner.ts';
import { differencePopupHtml, gapPopupHtml, hotspotPopupHtml, pointPopupHtml } from './popup-content.ts';
import { candidatePopup, cellPopup, errorPopup, infoPopup, loadingPopup, reportPopup } from './popups.ts';
import type { Toast } from './toast.ts';

/** What the popups need from the page around them. */
export interface PopupHost {
  readonly api: ApiClient;
  readonly area: Area | null;
  cells: CellCollection;
  reports: ReportCollection;
  readonly candidates: Map<string, CandidateFeature>;
  readonly planner: Planner;
  readonly mapView: MapView;
  readonly translate: Translate;
  readonly locale: Locale;
  readonly canEdit: boolean;
  readonly toast: Toast;
  placeName(id: string): string;
  networkChanged(): Promise<void>;
  refreshData(): void;
  refreshReports(): Promise<void>;
  preview(code: string | null): void;
  showWriteError(err: unknown): void;
}

const isNetwork = (v: string): v is Network => (NETWORKS as readonly string[]).includes(v);

/**
 * The popups of what the planner clicks on the map: a cell (with its editor), a report (with its
 * workflow), a candidate (gains, preview, add, move), a gap or hotspot (with the remedy), a
 * scenario difference, or a pixel of a coverage raster (the level per server).
 */
export class PickPopups {
  private current: MapPick | null = null;
  private seen = { remedies: '', ranking: '' };

  constructor(private readonly host: PopupHost) {}

  open(pick: MapPick): void {
    this.current = pick;
    const { t } = this;
    const s = this.host.planner.state;
    switch (pick.kind) {
      case 'cells':
        return this.showCell(pick.ids, pick.lonLat);
      case 'report':
        return this.showReport(pick.id, pick.lonLat);
      case 'candidate':
        return this.showCandidate(pick.id);
      case 'gap':
      case 'hotspot':
        this.host.planner.want('remedies');
        return this.showTarget(pick.kind, pick.id, pick.lonLat);
      case 'difference': {
        const diff = s.comparison.data?.difference;
        const covered = diff?.newlyCovered.features.find((f) => f.properties.id === pick.id);
        const lost = diff?.newlyLost.features.find((f) => f.properties.id === pick.id);
        const feature = covered ?? lost;
        if (!feature) return;
        this.host.mapView.showPopup(pick.lonLat, infoPopup(differencePopupHtml(feature.properties, covered ? 'covered' : 'lost', t, this.locale), 'difference-popup'));
        return;
      }
      case 'pixel':
        return void this.showPoint(pick.lonLat);
    }
  }

  /** Refreshes an open gap, hotspot or candidate popup when the remedies or the ranking arrive. */
  plannerChanged(s: PlannerState): void {
    const remedies = `${s.remedies.status}|${s.network}|${s.scenario}`;
    const ranking = `${s.ranking.status}|${s.working.join(',')}`;
    const pick = this.current;
    const changed = { remedies: remedies !== this.seen.remedies, ranking: ranking !== this.seen.ranking };
    this.seen = { remedies, ranking };
    if (!pick || !this.host.mapView.isPopupOpen()) return;
    if ((pick.kind === 'gap' || pick.kind === 'hotspot') && changed.remedies) this.showTarget(pick.kind, pick.id, pick.lonLat);
    if (pick.kind === 'candidate' && changed.ranking && s.ranking.status !== 'loading') this.showCandidate(pick.id);
  }

  /** Moves a candidate dropped on the map; puts it back where it was if the server refuses. */
  async dragCandidate(id: number, from: [number, number], to: [number, number]): Promise<void> {
    const candidate = [...this.host.candidates.values()].find((c) => c.properties.id === id);
    if (!candidate || !this.host.area) return;
    try {
      await this.moveCandidate(candidate, to);
      this.host.toast.show(this.t('candidate.moved', { code: candidate.properties.code }));
    } catch (err) {
      this.host.candidates.set(candidate.properties.code, { ...candidate, geometry: { type: 'Point', coordinates: from } });
      this.host.refreshData();
      this.host.showWriteError(err);
    }
  }

  private get t(): Translate {
    return this.host.translate;
  }

  private get locale(): Locale {
    return this.host.locale;
  }

  private showCell(ids: number[], lonLat: [number, number], message?: string): void {
    const cell = this.host.cells.features.find((f) => f.properties.id === ids[0])?.properties;
    if (!cell) return;
    const content = cellPopup(cell, this.t, this.locale, ids.length - 1, {
      canEdit: this.host.canEdit,
      message,
      onApply: async (edit) => {
        const text = await this.editCell(cell, edit);
        if (this.current?.kind === 'cells' && this.current.ids[0] === cell.id) this.showCell(ids, lonLat, text);
        return text;
      },
    });
    this.host.mapView.showPopup(lonLat, content);
  }

  /** Saves a cell edit and says how the coverage of its network moved. */
  private async editCell(cell: CellProperties, edit: CellEdit): Promise<string> {
    const { api, area, planner } = this.host;
    if (!area) throw new Error('no area');
    const network = isNetwork(cell.technology) ? cell.technology : null;
    const query = { technology: network ?? 'any', scenario: planner.state.scenario } as const;
    const before = await api.coverage(area.code, query);
    const updated = await api.editCell(area.code, cell.id, edit);
    this.host.cells = {
      ...this.host.cells,
      features: this.host.cells.features.map((f) => (f.properties.id === cell.id ? { ...f, properties: updated.properties } : f)),
    };
    this.host.refreshData();
    await this.host.networkChanged();
    const after = await api.coverage(area.code, query);
    return [
      this.t('cell.applied', { code: `${cell.siteCode}/${cell.code}` }),
      this.t('cell.effect', {
        network: labelOf(this.t, 'tech', query.technology),
        before: formatPercent(this.locale, before.coveragePct, 2),
        after: formatPercent(this.locale, after.coveragePct, 2),
        km2: this.t('unit.km2', { value: formatSigned(this.locale, after.coveredKm2 - before.coveredKm2, 2) }),
      }),
    ].join(' · ');
  }

  private showReport(id: number, lonLat: [number, number], message?: string): void {
    const feature = this.host.reports.features.find((f) => f.properties.id === id);
    if (!feature) return;
    const content = reportPopup(feature.properties, this.t, this.locale, {
      canEdit: this.host.canEdit,
      candidateCodes: [...this.host.candidates.keys()],
      message,
      onUpdate: async (edit: ReportEdit) => {
        const area = this.host.area;
        if (!area) throw new Error('no area');
        const updated = await this.host.api.editReport(area.code, id, edit);
        this.host.reports = {
          ...this.host.reports,
          features: this.host.reports.features.map((f) => (f.properties.id === id ? { ...f, properties: { ...f.properties, ...updated.properties } } : f)),
        };
        await this.host.refreshReports();
        const text = this.t('report.updated', { status: labelOf(this.t, 'reportStatus', updated.properties.status) });
        if (this.current?.kind === 'report' && this.current.id === id) this.showReport(id, lonLat, text);
        return text;
      },
    });
    this.host.mapView.showPopup(lonLat, content);
  }

  private showCandidate(id: number, message?: string): void {
    const candidate = [...this.host.candidates.values()].find((c) => c.properties.id === id);
    if (!candidate) return;
    const s = this.host.planner.state;
    const code = candidate.properties.code;
    const ranked = s.ranking.data?.items.find((i) => i.code === code) ?? null;
    const lonLat: [number, number] = [candidate.geometry.coordinates[0], candidate.geometry.coordinates[1]];
    const content = candidatePopup(candidate.properties, ranked, this.t, this.locale, {
      canEdit: this.host.canEdit,
      inWorking: s.working.includes(code),
      lonLat,
      message,
      onAdd: () => {
        this.host.planner.addCandidate(code);
        this.showCandidate(id);
      },
      onPreview: () => this.host.preview(code),
      onMove: async (to) => {
        const text = await this.moveCandidate(candidate, to);
        if (this.current?.kind === 'candidate' && this.current.id === id) this.showCandidate(id, text);
        return text;
      },
    });
    this.host.mapView.showPopup(lonLat, content);
  }

  private async moveCandidate(candidate: CandidateFeature, to: [number, number]): Promise<string> {
    const area = this.host.area;
    if (!area) throw new Error('no area');
    const moved = await this.host.api.moveCandidate(area.code, candidate.properties.id, to);
    this.host.candidates.set(moved.properties.code, moved);
    this.host.refreshData();
    await this.host.networkChanged();
    return this.t('candidate.moved', { code: moved.properties.code });
  }

  private showTarget(kind: 'gap' | 'hotspot', id: string, lonLat: [number, number]): void {
    const s = this.host.planner.state;
    const remedy = s.remedies.data?.items.find((r) => r.target.id === id) ?? null;
    const place = this.host.placeName(id);
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
    const action = code ? { label: `${this.t('planning.preview')} ${code}`, testid: 'remedy-preview', run: () => this.host.preview(code) } : undefined;
    this.host.mapView.showPopup(lonLat, infoPopup(html, `${kind}-popup`, action));
  }

  private async showPoint(lonLat: [number, number]): Promise<void> {
    const { api, area, planner, mapView } = this.host;
    if (!area) return;
    const pick = this.current;
    const title = this.t('popup.point');
    mapView.showPopup(lonLat, loadingPopup(this.t, title));
    try {
      const s = planner.state;
      const point = await api.pointCoverage(area.code, lonLat, { technology: s.network, scenario: s.scenario, candidates: planner.rasterCandidates });
      if (this.current !== pick) return;
      mapView.showPopup(lonLat, infoPopup(pointPopupHtml(point, this.t, this.locale), 'point-popup'));
    } catch (err) {
      if (this.current === pick) mapView.showPopup(lonLat, errorPopup(this.t, title, err));
    }
  }
}
