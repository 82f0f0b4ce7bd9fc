import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { detectSwappedLonLat } from '../../../server/core/formats/lonlat-swap.ts';
import { FormatError } from '../../../server/core/formats/errors.ts';
import { openCellIdToCells, type OpenCellIdItem } from '../../../server/core/formats/opencellid.ts';
import type { SourceInput } from '../../../server/core/formats/byte-input.ts';
import { openSource } from '../../../server/core/formats/source.ts';
import type { OpenSourceOptions, SourceRecord } from '../../../server/core/formats/source-types.ts';
import { fixture, kmzOf, reportsWorkbook } from '../../fixtures/imports/generate.ts';
import { fileSource } from '../../../server/features/imports/file-source.ts';

async function read(input: SourceInput, opts: OpenSourceOptions) {
  const source = await openSource(input, opts);
  const records: SourceRecord[] = [];
  for await (const r of source.records) records.push(r);
  return { source, records };
}

describe('openSource: XLSX', () => {
  it('reads a named sheet: title row skipped, Excel row numbers, dates and numbers as text', async () => {
    const { source, records } = await read({ buffer: await reportsWorkbook() }, { fileName: 'x.xlsx', sheet: '投诉记录' });
    expect(source.format).toBe('xlsx');
    expect(source.headerLine).toBe(2);
    expect(source.headers).toEqual(['编号', '经度', '纬度', '网络', '问题类型', '来源', '客户等级', '投诉时间', '地址', '备注']);
    expect(records.map((r) => r.line)).toEqual([3, 4, 6]);
    expect(records[0].fields).toMatchObject({ 经度: '124.862', 投诉时间: '2006-07-03 10:20:00' });
    expect(records[1].fields).toMatchObject({ 投诉时间: '2006-08-15', 备注: '经度124.78' });
    expect(records[2].fields.经度).toBe('124.9');
  });

  it('reads the first sheet by default and names the sheets when one is missing', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('基站').addRows([
      ['站号', '经度', '纬度'],
      ['RHL-1', 124.8, 46.6],
    ]);
    workbook.addWorksheet('小区').addRow(['x', 'y']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const { records } = await read({ buffer }, { fileName: 'sites.xlsx' });
    expect(records).toEqual([{ line: 2, fields: { 站号: 'RHL-1', 经度: '124.8', 纬度: '46.6' } }]);
    const error = await read({ buffer }, { fileName: 'sites.xlsx', sheet: '天线' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toBe('no worksheet named "天线"; the workbook has "基站", "小区"');
  });

  it('recognises a workbook by content whatever its name says', async () => {
    const { source } = await read({ buffer: await reportsWorkbook() }, { fileName: 'upload.bin', sheet: '投诉记录' });
    expect(source.format).toBe('xlsx');
  });
});

describe('openSource: GeoJSON, KML, KMZ', () => {
  it('reads GeoJSON features as records numbered from 1 with their geometry', async () => {
    const { source, records } = await read({ bytes: fileSource(fixture('settlements.geojson')) }, { fileName: 'settlements.geojson' });
    expect(source.format).toBe('geojson');
    expect(source.headers).toEqual(['code', 'name', 'population', 'approximate']);
    expect(records[2]).toMatchObject({
      line: 3,
      fields: { code: 'S-fuqiang', population: '1450', approximate: '是' },
      geometry: { type: 'Point' },
    });
  });

  it('reads a bare geometry and rejects what is not GeoJSON', async () => {
    const { records } = await read({ buffer: Buffer.from('{"type":"Point","coordinates":[124.8,46.6]}') }, { fileName: 'p.json' });
    expect(records).toEqual([{ line: 1, fields: {}, geometry: { type: 'Point', coordinates: [124.8, 46.6] } }]);
    await expect(read({ buffer: Buffer.from('{"type":"Topology"}') }, { fileName: 'p.json' })).rejects.toThrow(/not GeoJSON/);
    await expect(read({ buffer: Buffer.from('{"type": ') }, { fileName: 'p.geojson' })).rejects.toThrow(/not valid JSON/);
  });

  it('reads phone-app Placemarks: name, description lines and ExtendedData as fields', async () => {
    const { source, records } = await read({ bytes: fileSource(fixture('phone-app.kml')) }, { fileName: 'phone-app.kml' });
    expect(source.format).toBe('kml');
    expect(records).toHaveLength(3);
    expect(records[0].fields).toMatchObject({
      name: '远望高层7号楼',
      类型: '室内',
      来源: '现场测试',
      时间: '2006-08-03 10:20',
      网络: 'G网',
      地址: '大庆市让胡路区远望高层7号楼',
    });
    expect(records[0].fields.styleUrl).toBeUndefined();
    expect(records[0].geometry).toEqual({ type: 'Point', coordinates: [124.868463, 46.66378, 0] });
    expect(records[2].fields).toMatchObject({ name: '宏伟二村', 类型: '掉话', 客户等级: '中端' });
  });

  it('reads the KML inside a KMZ, and a GBK-declared KML', async () => {
    const kml = readFileSync(fixture('phone-app.kml'), 'utf8');
    const kmz = await read({ buffer: await kmzOf(kml) }, { fileName: 'a.kmz' });
    expect(kmz.source.format).toBe('kmz');
    expect(kmz.records.map((r) => r.fields.name)).toEqual(['远望高层7号楼', '方晓小区', '宏伟二村']);
    const iconv = (await import('iconv-lite')).default;
    const gbk = iconv.encode(kml.replace('encoding="UTF-8"', 'encoding="GBK"'), 'gbk');
    const fromGbk = await read({ buffer: gbk }, { fileName: 'a.kml' });
    expect(fromGbk.records[1].fields.name).toBe('方晓小区');
  });

  it('rejects XML that is not KML and broken XML', async () => {
    await expect(read({ buffer: Buffer.from('<?xml version="1.0"?><gpx></gpx>') }, { fileName: 'a.kml' })).rejects.toThrow(/not KML/);
    await expect(read({ buffer: Buffer.from('<kml><Placemark>') }, { fileName: 'a.kml' })).rejects.toThrow(FormatError);
  });
});

describe('openCellIdToCells', () => {
  it('maps towers to approximate omni cells and filters by mcc, mnc and radio', async () => {
    const { records } = await read({ bytes: fileSource(fixture('opencellid-extract.csv')) }, { fileName: 'cell_towers.csv' });
    const items: OpenCellIdItem[] = [];
    for await (const item of openCellIdToCells(
      (async function* () {
        yield* records;
      })(),
      { mcc: [460], mnc: [1], radio: ['GSM', 'CDMA'], defaults: { heightM: 25 } },
    ))
      items.push(item);
    expect(
      items.map((i) =>
        i.type === 'record' ? i.record.fields.site_code : i.type === 'skipped' ? `skip: ${i.reason}` : `error: ${i.column}`,
      ),
    ).toEqual([
      'OCID-460-1-36896-10021',
      'OCID-460-1-36896-10022',
      'skip: mnc 3 not selected',
      'skip: radio LTE not selected',
      'OCID-460-1-4125-23511',
      'skip: radio UMTS not selected',
      'skip: radio NR not selected',
      'error: mcc',
      'OCID-460-1-36896-10024',
    ]);
    const first = items[0].type === 'record' ? items[0].record : null;
    expect(first).toMatchObject({
      line: 2,
      fields: { technology: 'GSM', frequency_mhz: '900', height_m: '25', azimuth_deg: '', approximate: 'true', cell_code: '10021' },
    });
  });
});

describe('detectSwappedLonLat', () => {
  const bbox: [number, number, number, number] = [124.57, 46.41, 125.03, 47.04];
  it('flags impossible latitudes with small longitudes', () => {
    expect(
      detectSwappedLonLat([
        [46.6, 124.8],
        [46.7, 124.9],
      ]).swapped,
    ).toBe(true);
  });
  it('flags points that fit the area only when exchanged (where both orders are valid degrees)', () => {
    const paris: [number, number, number, number] = [2.2, 48.8, 2.5, 48.95];
    expect(
      detectSwappedLonLat(
        [
          [48.85, 2.35],
          [48.86, 2.3],
        ],
        paris,
      ),
    ).toMatchObject({ swapped: true, reason: '2 of 2 points fall inside the area only when longitude and latitude are exchanged' });
    expect(
      detectSwappedLonLat(
        [
          [2.35, 48.85],
          [2.3, 48.86],
        ],
        paris,
      ).swapped,
    ).toBe(false);
  });
  it('accepts ordinary columns, and a few stray points', () => {
    expect(
      detectSwappedLonLat(
        [
          [124.8, 46.6],
          [124.9, 46.7],
        ],
        bbox,
      ).swapped,
    ).toBe(false);
    const mostlyRight: Array<[number, number]> = [...Array.from({ length: 9 }, () => [124.8, 46.6] as [number, number]), [46.6, 124.8]];
    expect(detectSwappedLonLat(mostlyRight, bbox).swapped).toBe(false);
  });
});
