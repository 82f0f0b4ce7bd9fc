import type { Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { ApiClient } from './api/client.ts';
import { sendFirstRequests } from './api/first-requests.ts';
import { createTranslator } from './i18n/index.ts';
import { mark } from './lib/timing.ts';
import { loadSettings } from './state/settings.ts';
import { parseViewHash } from './state/url-state.ts';
import { byId } from './ui/dom.ts';
import { StatusBanner } from './ui/status-banner.ts';
import './styles.css';

declare global {
  interface Window {
    /** The MapLibre map, for browser tests and for poking at from the console. */
    __coverageMap?: MapLibreMap;
  }
}

mark('script');
// The data of the first map is on its way while the page and the map library (most of the code) load.
const api = new ApiClient();
const first = sendFirstRequests(api, parseViewHash(location.hash).area);

const fail = (err: unknown, key: 'status.mapFailed' | 'status.networkError') => {
  console.error(err);
  new StatusBanner(byId('status-banner')).fatal(createTranslator(loadSettings().locale)(key));
};

import('./app.ts').then(
  ({ createApp }) => {
    mark('app-script');
    let app: ReturnType<typeof createApp>;
    try {
      app = createApp(api, first);
    } catch (err) {
      // MapLibre throws here when the browser has no WebGL: say so instead of leaving a blank page.
      return fail(err, 'status.mapFailed');
    }
    mark('app');
    window.__coverageMap = app.mapView.map;
    void app.start();
  },
  (err: unknown) => fail(err, 'status.networkError'),
);
