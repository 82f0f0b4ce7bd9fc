import type { AppStore } from '../state/app-state.ts';
import { selectTranslate } from '../state/selectors.ts';
import { watch } from '../state/store.ts';
import { applyTranslations } from './apply-translations.ts';
import type { StatusBanner } from './status-banner.ts';

/**
 * The page around the views, drawn from the store: its language and title, the view shown, the
 * collapsed panel, the status line, and `body[data-map-ready]` once the area's map is drawn
 * (browser tests wait for it).
 */
export function bindPage(store: AppStore, status: StatusBanner, dashboardRoot: HTMLElement): void {
  watch(store, selectTranslate, (t, s) => {
    document.documentElement.lang = s.settings.locale;
    document.title = `${t('app.name')} · ${t('app.tagline')}`;
    applyTranslations(document, t);
  });
  watch(
    store,
    (s) => s.view.view,
    (view) => {
      document.body.dataset.view = view;
      dashboardRoot.hidden = view !== 'dashboard';
    },
  );
  watch(
    store,
    (s) => s.view.panelExpanded,
    (expanded) => document.body.classList.toggle('panel-collapsed', !expanded),
  );
  store.subscribe(
    (s) => s.phase === 'drawn' || s.phase === 'complete',
    (ready) => {
      if (ready) document.body.dataset.mapReady = 'true';
      else delete document.body.dataset.mapReady;
    },
  );
  store.subscribe(
    (s) => s.status,
    (line, s) => {
      const t = selectTranslate(s);
      if (line === null) status.clear();
      else if (line.kind === 'loading') status.loading(t);
      else if (line.kind === 'notice') status.notice(line.text);
      else status.error(t, line.message, line.retry ?? undefined);
    },
  );
}
