import type { EnvironmentClass } from '../model.ts';

/**
 * Mobile-antenna height correction a(hm), dB, of the Hata formulas.
 * 'urban-large' uses the large-city form (f < 300 MHz: 8.29(log10 1.54hm)² - 1.1,
 * otherwise 3.2(log10 11.75hm)² - 4.97); every other class the small/medium-city form
 * (1.1·log10 f - 0.7)·hm - (1.56·log10 f - 0.8). Valid for hm 1-10 m.
 * Source: Hata (1980), IEEE Trans. Veh. Technol. 29(3), eqs. (4a)-(4c); COST 231 final report §4.4.1.
 * The 300 MHz switch splits Hata's 200/400 MHz limits of the two large-city forms.
 */
export function mobileHeightCorrectionDb(frequencyMhz: number, mobileHeightM: number, environment: EnvironmentClass): number {
  if (environment === 'urban-large') {
    if (frequencyMhz < 300) return 8.29 * Math.log10(1.54 * mobileHeightM) ** 2 - 1.1;
    return 3.2 * Math.log10(11.75 * mobileHeightM) ** 2 - 4.97;
  }
  const logF = Math.log10(frequencyMhz);
  return (1.1 * logF - 0.7) * mobileHeightM - (1.56 * logF - 0.8);
}

/**
 * Environment correction added to the urban Hata loss, dB (negative = less loss).
 * 'suburban': -2(log10(f/28))² - 5.4; 'rural' (Hata's open area): -4.78(log10 f)² + 18.33·log10 f - 40.94;
 * urban classes: 0. Source: Hata (1980), eqs. (5) and (6). Stated for 150-1500 MHz; the COST-231
 * extension applies the same corrections above 1500 MHz, a common planning-tool practice.
 */
export function environmentCorrectionDb(frequencyMhz: number, environment: EnvironmentClass): number {
  if (environment === 'suburban') return -2 * Math.log10(frequencyMhz / 28) ** 2 - 5.4;
  if (environment === 'rural') {
    const logF = Math.log10(frequencyMhz);
    return -4.78 * logF * logF + 18.33 * logF - 40.94;
  }
  return 0;
}
