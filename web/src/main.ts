import type { Map as MapLibreMap } from 'maplibre-gl';
import { App } from './app.ts';
import './styles.css';

declare global {
  interface Window {
    /** The MapLibre map, for browser tests and for poking at from the console. */
    __coverageMap?: MapLibreMap;
  }
}

const app = new App();
window.__coverageMap = app.mapView.map;
void app.start();
