import type { Translate } from '../i18n/index.ts';

/** MapLibre's own control texts (tooltips, aria labels, scale units) in the UI language. */
export function mapUiStrings(t: Translate): Record<string, string> {
  return {
    'Map.Title': t('mapui.map'),
    'NavigationControl.ZoomIn': t('mapui.zoomIn'),
    'NavigationControl.ZoomOut': t('mapui.zoomOut'),
    'NavigationControl.ResetBearing': t('mapui.resetBearing'),
    'Popup.Close': t('mapui.popupClose'),
    'AttributionControl.ToggleAttribution': t('mapui.toggleAttribution'),
    'ScaleControl.Meters': t('mapui.meters'),
    'ScaleControl.Kilometers': t('mapui.kilometers'),
  };
}
