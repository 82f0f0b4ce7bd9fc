import type { AppState, AppStore } from '../state/app-state.ts';
import type { PlannerActions } from '../state/planner-actions.ts';
import { selectCanEdit, selectLocale, selectPlaceNames, selectTranslate } from '../state/selectors.ts';
import { showWriteError } from '../state/status-actions.ts';
import { sameItems } from '../state/store.ts';
import type { ViewActions } from '../state/view-actions.ts';
import { gapsTab } from './gaps-tab.ts';
import { layersTab } from './layers-tab.ts';
import { PlanningTab } from './planning-tab.ts';
import { SidePanel } from './side-panel.ts';

/**
 * What the open tab shows, as a list of slices. The panel is drawn again only when one of them
 * changed: a redraw replaces the buttons, and a click in progress on one would be lost.
 */
export function panelSlices(s: AppState): unknown[] {
  const p = s.planner;
  const tab = s.view.tab;
  const deps =
    tab === 'planning'
      ? [
          p.network,
          p.scenarios,
          p.workingScenario,
          p.application,
          p.scenario,
          p.working,
          p.selected,
          p.ranking,
          p.baseFigures,
          p.workingFigures,
          p.previewFigures,
          p.plan,
          p.comparison,
          p.save,
          p.manage,
          s.candidates,
        ]
      : tab === 'gaps'
        ? [p.network, p.gaps, p.hotspots, p.remedies, selectPlaceNames(s)]
        : [p.network, p.gaps.data, p.hotspots.data, s.view.layers, s.settings.basemapUrl, s.summary, s.area, s.candidates.size];
  return [tab, s.settings.locale, selectCanEdit(s), ...deps];
}

/** The side panel drawn from the store: the network switch, the tabs and the open tab's content. */
export class PanelView {
  private readonly panel: SidePanel;
  private readonly planningTab: PlanningTab;

  constructor(
    root: HTMLElement,
    private readonly store: AppStore,
    private readonly planner: PlannerActions,
    private readonly view: ViewActions,
  ) {
    this.panel = new SidePanel(root, { onNetwork: (network) => planner.setNetwork(network), onTab: (tab) => view.setTab(tab) });
    this.planningTab = new PlanningTab({
      onBaseScenario: (name) => planner.setScenario(name),
      onTakeOut: (ref) => void planner.removeWorkingChange(ref).catch((err: unknown) => showWriteError(store, err)),
      onApplyWorking: (count) => void planner.applyWorking(count),
      onSortRanking: () => this.render(),
      onUndoApplication: (id) => void planner.undoApplication(id),
      // Into the working scenario, like every edit: only its explicit application changes the network.
      onAdd: (code) => void planner.editWorking({ kind: 'add-candidate', code }).catch((err: unknown) => showWriteError(store, err)),
      onRemove: (code) => planner.removeCandidate(code),
      onPreview: (code) => view.preview(code),
      onSave: (name) => planner.saveScenario(name),
      onRenameScenario: (from, to) => planner.renameScenario(from, to),
      onDeleteScenario: (name) => planner.deleteScenario(name),
      onRunPlan: (params) => void planner.runPlan(params),
      onUsePlan: () => planner.usePlanAsWorking(),
      onCompare: (base, target) => void view.compare(base, target),
    });
    store.subscribe(panelSlices, () => this.render(), sameItems);
    this.render();
  }

  private render(): void {
    const s = this.store.getState();
    const t = selectTranslate(s);
    const locale = selectLocale(s);
    const p = s.planner;
    let content: HTMLElement[];
    if (s.view.tab === 'planning') {
      const props = new Map([...s.candidates].map(([code, f]) => [code, f.properties]));
      content = this.planningTab.render(t, locale, p, props, selectCanEdit(s));
    } else if (s.view.tab === 'gaps') {
      content = gapsTab(t, locale, p, selectPlaceNames(s), {
        onShowGap: (id) => this.view.showTarget('gap', id),
        onShowHotspot: (id) => this.view.showTarget('hotspot', id),
      });
    } else {
      const state = {
        layers: new Set(s.view.layers),
        basemapAvailable: s.settings.basemapUrl !== '',
        summary: s.summary,
        network: p.network,
        thresholdDbm: s.area?.settings.thresholdsDbm[p.network] ?? null,
        candidateCount: s.area ? s.candidates.size : null,
        gapCount: p.gaps.data?.features.length ?? null,
        hotspotCount: p.hotspots.data?.features.length ?? null,
      };
      content = layersTab(t, locale, state, (group, visible) => this.view.toggleLayer(group, visible));
    }
    this.panel.render(t, p.network, s.view.tab, content);
  }
}
