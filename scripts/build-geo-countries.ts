// Builds resources/geo/countries.json: ISO 3166-1 alpha-2 → { name, lat, lon } for the bundled,
// country-level geolocation (electron/core/enrich/geo.ts). Names come from iso-3166-1 (MIT); the
// point is the spherical centroid of the country's polygons in world-atlas 50m (Natural Earth, public
// domain), so the globe has somewhere to put a country-level hit. Run: npx tsx scripts/build-geo-countries.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoArea, geoCentroid } from 'd3';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import iso from 'iso-3166-1';
import type { Topology, GeometryCollection } from 'topojson-specification';

const require = createRequire(import.meta.url);
const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{
  countries: GeometryCollection<{ name: string }>;
}>;
const features = feature(atlas, atlas.objects.countries).features;

// Natural Earth shapes without an ISO numeric id, matched by name.
const BY_NAME: Record<string, string> = { Kosovo: 'XK', 'N. Cyprus': 'CY', Somaliland: 'SO' };

// Territories Natural Earth 50m draws inside another country's shape (or not at all): approximate points.
const EXTRA_POINTS: Record<string, [number, number]> = {
  BQ: [12.18, -68.24],
  BV: [-54.42, 3.36],
  CC: [-12.16, 96.87],
  CX: [-10.49, 105.62],
  GF: [4.0, -53.0],
  GI: [36.14, -5.35],
  GP: [16.25, -61.58],
  MQ: [14.64, -61.02],
  RE: [-21.13, 55.53],
  SJ: [78.0, 16.0],
  TK: [-9.2, -171.85],
  TV: [-7.48, 178.68],
  UM: [19.28, 166.65],
  YT: [-12.83, 45.17],
};

/** Centroid of the largest polygon, so France is not pulled toward Guiana nor the US toward Alaska. */
function mainCentroid(f: Feature<Polygon | MultiPolygon>): [number, number] {
  if (f.geometry.type === 'Polygon') return geoCentroid(f);
  let best: Polygon | null = null;
  let bestArea = -1;
  for (const coordinates of f.geometry.coordinates) {
    const polygon: Polygon = { type: 'Polygon', coordinates };
    const area = geoArea(polygon);
    if (area > bestArea) [best, bestArea] = [polygon, area];
  }
  return best === null ? geoCentroid(f) : geoCentroid(best);
}

const centroids = new Map<string, [number, number]>(Object.entries(EXTRA_POINTS).map(([code, point]) => [code, point]));
for (const f of features) {
  const alpha2 = f.id !== undefined ? iso.whereNumeric(String(f.id))?.alpha2 : BY_NAME[f.properties.name];
  if (alpha2 === undefined || centroids.has(alpha2)) continue;
  const [lon, lat] = mainCentroid(f as Feature<Polygon | MultiPolygon>);
  centroids.set(alpha2, [Math.round(lat * 1e4) / 1e4, Math.round(lon * 1e4) / 1e4]);
}

const out: Record<string, { name: string; lat: number | null; lon: number | null }> = {};
const countries = [...iso.all(), { country: 'Kosovo', alpha2: 'XK', alpha3: 'XKX', numeric: '' }].sort((a, b) =>
  a.alpha2.localeCompare(b.alpha2),
);
for (const c of countries) {
  const point = centroids.get(c.alpha2);
  out[c.alpha2] = { name: c.country, lat: point?.[0] ?? null, lon: point?.[1] ?? null };
}
writeFileSync('resources/geo/countries.json', JSON.stringify(out, null, 1) + '\n');
const missing = Object.keys(out).filter((code) => out[code]?.lat === null);
console.log(`countries: ${Object.keys(out).length}, without a shape (lat/lon null): ${missing.join(' ')}`);
