import { PARAMETER_RANGES, type ParameterName } from '../radio/parameter-ranges.ts';
import type { NumberSpec } from './row-reader.ts';

/** The bounds of a model parameter as the import validators check them (core/radio/parameter-ranges.ts). */
function bounds(name: ParameterName): Pick<NumberSpec, 'min' | 'max'> {
  return { min: PARAMETER_RANGES[name].min, max: PARAMETER_RANGES[name].max };
}

/**
 * Plausible ranges of the numbers in import files: a value outside is a typo or a unit mix-up
 * (an antenna at 0 m or 350 m, a tilt of 60°), reported rather than stored. The radio parameters
 * take the model's ranges; the units are those seen in Chinese site lists.
 */
export const FREQUENCY: NumberSpec = { units: ['mhz', 'm', '兆赫', '兆'], ...bounds('frequencyMhz'), label: 'frequency (MHz)' };
export const HEIGHT: NumberSpec = { units: ['m', '米'], ...bounds('heightM'), label: 'antenna height (m)' };
export const AZIMUTH: NumberSpec = { units: ['°', '度', 'deg'], ...bounds('azimuthDeg'), label: 'azimuth (°)' };
export const BEAMWIDTH: NumberSpec = { units: ['°', '度', 'deg'], ...bounds('beamwidthDeg'), label: 'beamwidth (°)' };
export const TILT: NumberSpec = { units: ['°', '度', 'deg'], ...bounds('tiltDeg'), label: 'tilt (°)' };
export const POWER: NumberSpec = { units: ['dbm'], ...bounds('powerDbm'), label: 'power (dBm)' };
export const GAIN: NumberSpec = { units: ['dbi', 'db'], ...bounds('gainDbi'), label: 'antenna gain (dBi)' };
export const LOSS: NumberSpec = { units: ['db'], ...bounds('lossDb'), label: 'loss (dB)' };
export const LEVEL: NumberSpec = { units: ['dbm'], min: -150, max: 0, label: 'received level (dBm)' };
export const POPULATION: NumberSpec = { units: ['人'], min: 0, max: 10_000_000, integer: true, label: 'population' };
export const COST: NumberSpec = { min: 0, max: 1e12, label: 'cost' };

/** Transmit power written in watts ("20W", "20 瓦") is common in site lists; dBm = 10·log10(mW). */
export const WATT_UNITS = ['w', '瓦'] as const;
