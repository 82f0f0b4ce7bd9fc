/**
 * Distance and initial bearing between two nearby WGS84 points with the ellipsoidal flat-earth
 * formula of FCC 47 CFR §73.208(c): D = sqrt((K1·Δφ)² + (K2·Δλ)²) km, K1/K2 = km per degree of
 * latitude/longitude at the mid-latitude. Within 0.1% of the geodesic up to 475 km. [lon, lat] degrees.
 */
export function localGeodesic(lon1: number, lat1: number, lon2: number, lat2: number): { distanceKm: number; bearingDeg: number } {
  const mid = (((lat1 + lat2) / 2) * Math.PI) / 180;
  const k1 = 111.13209 - 0.56605 * Math.cos(2 * mid) + 0.0012 * Math.cos(4 * mid);
  const k2 = 111.41513 * Math.cos(mid) - 0.09455 * Math.cos(3 * mid) + 0.00012 * Math.cos(5 * mid);
  const northKm = k1 * (lat2 - lat1);
  const eastKm = k2 * (lon2 - lon1);
  return {
    distanceKm: Math.sqrt(northKm * northKm + eastKm * eastKm),
    bearingDeg: (Math.atan2(eastKm, northKm) * 180) / Math.PI,
  };
}
