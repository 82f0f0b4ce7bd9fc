import type { NumberSpec } from './row-reader.ts';

/**
 * Plausible ranges of the numbers in import files: a value outside is a typo or a unit mix-up
 * (an antenna at 350 m, a tilt of 60°), reported rather than stored.
 */
export const FREQUENCY: NumberSpec = { units: ['mhz', 'm', '兆赫', '兆'], min: 100, max: 6000, label: 'frequency (MHz)' };
export const HEIGHT: NumberSpec = { units: ['m', '米'], min: 0, max: 300, label: 'antenna height (m)' };
export const AZIMUTH: NumberSpec = { units: ['°', '度', 'deg'], min: 0, max: 360, label: 'azimuth (°)' };
export const BEAMWIDTH: NumberSpec = { units: ['°', '度', 'deg'], min: 1, max: 360, label: 'beamwidth (°)' };
export const TILT: NumberSpec = { units: ['°', '度', 'deg'], min: -20, max: 45, label: 'tilt (°)' };
export const POWER: NumberSpec = { units: ['dbm'], min: -10, max: 80, label: 'power (dBm)' };
export const GAIN: NumberSpec = { units: ['dbi', 'db'], min: -10, max: 30, label: 'antenna gain (dBi)' };
export const LOSS: NumberSpec = { units: ['db'], min: 0, max: 30, label: 'loss (dB)' };
export const LEVEL: NumberSpec = { units: ['dbm'], min: -150, max: 0, label: 'received level (dBm)' };
export const POPULATION: NumberSpec = { units: ['人'], min: 0, max: 10_000_000, integer: true, label: 'population' };
export const COST: NumberSpec = { min: 0, max: 1e12, label: 'cost' };

/** Transmit power written in watts ("20W", "20 瓦") is common in site lists; dBm = 10·log10(mW). */
export const WATT_UNITS = ['w', '瓦'] as const;
