import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import iconv from 'iconv-lite';
import { FormatError } from './errors.ts';
import { featuresToSource, type FeatureSource } from './geojson.ts';
import { XmlValueGuard } from './xml-value-guard.ts';

/** togeojson style properties: presentation, never data. */
const STYLE_PROPERTIES = new Set([
  'styleUrl',
  'styleHash',
  'styleMapHash',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'fill',
  'fill-opacity',
  'icon',
  'icon-scale',
  'icon-color',
  'icon-opacity',
  'icon-heading',
  'icon-offset',
  'icon-offset-units',
  'label-scale',
  'label-color',
  'label-opacity',
  'visibility',
  'timespan',
  'timestamp',
]);

/**
 * Read a KML document (as exported by Google Earth or Chinese phone map apps) into records, one per
 * Placemark numbered from 1: `name`, `description` (HTML stripped) and ExtendedData values become
 * fields, and "key: value" / "键：值" lines of the description are added as fields when not already set.
 * The XML declaration's encoding is honoured (GBK/GB2312 exports exist). A text node, CDATA section,
 * comment or tag longer than `maxValueChars` (XmlValueGuard) throws LimitExceededError before parsing.
 */
export function readKml(bytes: Buffer, maxValueChars: number): FeatureSource {
  new XmlValueGuard(maxValueChars, 'the KML document').write(bytes);
  const text = decodeXml(bytes);
  let doc;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    throw new FormatError('malformed-file', `not well-formed XML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (doc.getElementsByTagName('kml').length === 0 && doc.getElementsByTagName('Placemark').length === 0) {
    throw new FormatError('unsupported-format', 'the XML file is not KML (no <kml> or <Placemark> element)');
  }
  const collection = kml(doc);
  const features = collection.features.map((feature) => ({ ...feature, properties: placemarkFields(feature.properties ?? {}) }));
  const warnings: string[] = [];
  if (features.length === 0) throw new FormatError('empty-file', 'the KML file has no Placemarks');
  return featuresToSource(features as GeoJSON.Feature[], warnings);
}

function decodeXml(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const declared = /<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(gbk|gb2312|gb18030|cp936)$/.test(declared)) return iconv.decode(bytes, 'gb18030');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function placemarkFields(properties: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (STYLE_PROPERTIES.has(key)) continue;
    if (key === 'description') {
      const description = descriptionText(value);
      fields.description = description;
      for (const [k, v] of keyValueLines(description)) if (!(k in properties) && !(k in fields)) fields[k] = v;
    } else fields[key] = value;
  }
  return fields;
}

function descriptionText(value: unknown): string {
  const raw =
    typeof value === 'object' && value !== null && 'value' in value ? String((value as { value: unknown }).value) : String(value ?? '');
  return raw
    .replace(/<br\s*\/?>|<\/(p|div|tr|li)>/gi, '\n')
    .replace(/<\/t[dh]>\s*<t[dh][^>]*>/gi, ': ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** "地址：让胡路区西宾路" → ["地址", "让胡路区西宾路"]; keys up to 20 characters. */
function keyValueLines(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([^:：]{1,20}?)\s*[:：]\s*(.+?)\s*$/.exec(line);
    if (match && !/^https?$/i.test(match[1])) pairs.push([match[1], match[2]]);
  }
  return pairs;
}
