import type { Map as MapLibreMap } from 'maplibre-gl';
import { App } from './app.ts';
import { createTranslator } from './i18n/index.ts';
import { loadSettings } from './state/settings.ts';
import { byId } from './ui/dom.ts';
import { StatusBanner } from './ui/status-banner.ts';
import './styles.css';

declare global {
  interface Window {
    /** The MapLibre map, for browser tests and for poking at from the console. */
    __coverageMap?: MapLibreMap;
  }
}

let app: App | null = null;
try {
  app = new App();
} catch (err) {
  // MapLibre throws here when the browser has no WebGL: say so instead of leaving a blank page.
  console.error(err);
  new StatusBanner(byId('status-banner')).fatal(createTranslator(loadSettings().locale)('status.mapFailed'));
}
if (app) {
  window.__coverageMap = app.mapView.map;
  void app.start();
}
