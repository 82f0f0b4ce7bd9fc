/**
 * Download file names: `<area code>-<layer>-<UTC time>.<ext>`, e.g. `ranghulu-cells-20061231T0730Z.csv`.
 * The time makes successive downloads distinct and sortable.
 */
export function exportFilename(areaCode: string, layer: string, extension: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001F\u007F\s]+/g, '_');
  return `${safe(areaCode)}-${safe(layer)}-${stamp}.${extension}`;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and, when the name is not plain
 * ASCII (a Chinese area code), the UTF-8 form of RFC 6266 / RFC 8187 (`filename*=UTF-8''...`).
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  if (ascii === filename) return `attachment; filename="${filename}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
