/** A point to write as a KML placemark; coordinates [lon, lat] WGS84 degrees. */
export interface KmlPlacemark {
  name: string;
  description?: string;
  lonLat: [number, number];
  /** Written as <ExtendedData> so that GIS tools show them as attributes. */
  data?: Record<string, string | number | null>;
}

/** XML text content or attribute value made safe. */
export function escapeXml(value: unknown): string {
  return String(value ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A KML 2.2 document of point placemarks (Google Earth, the phone map apps, ogr2ogr read it). */
export function placemarksKml(documentName: string, placemarks: readonly KmlPlacemark[]): string {
  const items = placemarks.map((p) => {
    const data = Object.entries(p.data ?? {})
      .map(([k, v]) => `<Data name="${escapeXml(k)}"><value>${escapeXml(v ?? '')}</value></Data>`)
      .join('');
    return (
      `<Placemark><name>${escapeXml(p.name)}</name>` +
      (p.description ? `<description>${escapeXml(p.description)}</description>` : '') +
      (data ? `<ExtendedData>${data}</ExtendedData>` : '') +
      `<Point><coordinates>${p.lonLat[0]},${p.lonLat[1]},0</coordinates></Point></Placemark>`
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${escapeXml(documentName)}</name>` +
    items.join('') +
    '</Document></kml>\n'
  );
}
