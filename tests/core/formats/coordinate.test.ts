import { describe, expect, it } from 'vitest';
import { CoordinateParseError, parseCoordinate } from '../../../server/core/formats/coordinate.ts';

const DMS_LON = 124 + 52 / 60 + 13.5 / 3600;
const DMS_LAT = 46 + 39 / 60 + 8.4 / 3600;

describe('parseCoordinate', () => {
  it.each([
    ['124.8703', 124.8703, null],
    ['-46.5', -46.5, null],
    ['+124.5', 124.5, null],
    ['124.87°', 124.87, null],
    [' 124.87 ', 124.87, null],
    ['１２４．８７', 124.87, null],
  ])('reads decimal degrees %j', (text, value, axis) => {
    expect(parseCoordinate(text)).toEqual({ value, axis });
  });

  it.each([
    [`124°52'13.5"E`, DMS_LON, 'lon'],
    ['124°52′13.5″E', DMS_LON, 'lon'],
    ['124度52分13.5秒', DMS_LON, null],
    ['东经124度52分13.5秒', DMS_LON, 'lon'],
    ['E124:52:13.5', DMS_LON, 'lon'],
    ['46 39 8.4 N', DMS_LAT, 'lat'],
    ['北纬46°39\'8.4"', DMS_LAT, 'lat'],
    ["46°39.14'", 46 + 39.14 / 60, null],
    ['46 39 8.4 S', -DMS_LAT, 'lat'],
    ['124 52 13.5 W', -DMS_LON, 'lon'],
  ])('reads DMS %j', (text, value, axis) => {
    const parsed = parseCoordinate(text);
    expect(parsed.value).toBeCloseTo(value, 10);
    expect(parsed.axis).toBe(axis);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'expected decimal degrees'],
    ['124.8.7', 'expected decimal degrees'],
    ['12a4', 'expected decimal degrees'],
    ["124°61'", 'minutes 61'],
    ['124°52\'60"', 'seconds 60'],
    ["124.5°30'", 'only the last'],
    ['-46 39 8 N', 'minus sign and a hemisphere'],
    ['1 2 3 4', 'expected decimal degrees'],
  ])('rejects %j with a clear reason', (text, reason) => {
    expect(() => parseCoordinate(text)).toThrow(CoordinateParseError);
    expect(() => parseCoordinate(text)).toThrow(reason);
  });

  it('quotes the text in the message', () => {
    expect(() => parseCoordinate('东经abc')).toThrow('"东经abc"');
  });
});
