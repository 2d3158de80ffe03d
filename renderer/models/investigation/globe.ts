/** Globe view model: point and arc styles by role, and the country polygons of world-atlas. */
import type { GeoPoint, GlobeData } from '../../../shared/ops/investigation';
import { mapArcLabel, PIPELINE_PROFILES } from '../../../shared/pipeline-profile';
import type { Pipeline } from '../../../shared/schema';

export const ROLE_COLOR: Record<GeoPoint['role'], string> = {
  anchor: '#f6ad55',
  inbound: '#fc8181',
  outbound: '#63b3ed',
  twoway: '#b794f4',
};

const ROLE_ORDER: readonly GeoPoint['role'][] = ['anchor', 'inbound', 'outbound', 'twoway'];

/** The legend of a map: the roles its points have, in the pipeline's words, each word once. */
export function globeLegend(
  globe: GlobeData,
  pipeline: Pipeline,
): Array<{ role: GeoPoint['role']; label: string; color: string }> {
  const present = new Set(globe.points.map((p) => p.role));
  const words = PIPELINE_PROFILES[pipeline].mapRoles;
  const seen = new Set<string>();
  return ROLE_ORDER.filter((role) => present.has(role))
    .map((role) => ({ role, label: words[role], color: ROLE_COLOR[role] }))
    .filter((l) => !seen.has(l.label) && seen.add(l.label));
}

/** Several endpoints often share a (country-level) location: one marker per location, labelled with its IPs. */
export function globeMarkers(globe: GlobeData) {
  const byPlace = new Map<
    string,
    { lat: number; lon: number; ips: string[]; roles: Set<GeoPoint['role']>; place: string }
  >();
  for (const p of globe.points) {
    const key = `${p.lat.toFixed(2)},${p.lon.toFixed(2)}`;
    const m = byPlace.get(key) ?? {
      lat: p.lat,
      lon: p.lon,
      ips: [],
      roles: new Set(),
      place: [p.city, p.country].filter(Boolean).join(', '),
    };
    m.ips.push(p.ip);
    m.roles.add(p.role);
    byPlace.set(key, m);
  }
  return [...byPlace.values()].map((m) => {
    const role: GeoPoint['role'] = m.roles.has('anchor') ? 'anchor' : m.roles.size > 1 ? 'twoway' : [...m.roles][0]!;
    return {
      lat: m.lat,
      lng: m.lon,
      color: ROLE_COLOR[role],
      radius: Math.min(1.6, 0.7 + 0.1 * m.ips.length),
      label: `${m.place || 'unknown'}: ${m.ips.slice(0, 8).join(', ')}${m.ips.length > 8 ? ` +${m.ips.length - 8}` : ''}`,
      count: m.ips.length,
    };
  });
}

/** Arcs, thicker with more traffic, coloured by the direction of traffic relative to the anchor, labelled in the
 * pipeline's words (a DNS arc counts resolved queries, a proxy arc requests). */
export function globeArcs(globe: GlobeData, anchor: string, pipeline: Pipeline) {
  const max = Math.max(1, ...globe.arcs.map((a) => a.connections));
  return globe.arcs.map((a) => ({
    startLat: a.startLat,
    startLng: a.startLon,
    endLat: a.endLat,
    endLng: a.endLon,
    color: a.from === anchor ? ROLE_COLOR.outbound : ROLE_COLOR.inbound,
    stroke: 0.3 + (1.2 * a.connections) / max,
    label: mapArcLabel(pipeline, a),
    count: a.connections,
  }));
}

/** The map's heaviest arcs as lines beside the globe (the 3-D globe shows no tooltip), and how many more there are. */
export function globeArcLines(globe: GlobeData, pipeline: Pipeline, cap = 6): { lines: string[]; more: number } {
  const heaviest = [...globe.arcs].sort((a, b) => b.connections - a.connections).slice(0, cap);
  return { lines: heaviest.map((a) => mapArcLabel(pipeline, a)), more: Math.max(0, globe.arcs.length - cap) };
}

/** Countries present among the located endpoints (the geography summary). */
export function countryCounts(globe: GlobeData): Array<{ country: string; endpoints: number }> {
  const counts = new Map<string, number>();
  for (const p of globe.points) {
    const c = p.country || 'unknown';
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([country, endpoints]) => ({ country, endpoints }));
}

export interface HomeChoice {
  lat: number;
  lon: number;
  label: string;
}

/** Countries with their centroids (for the home-location picker), sorted by name. */
export function countryChoices(
  features: ReadonlyArray<{ properties?: { name?: string } | null }>,
  centroid: (feature: never) => [number, number],
): HomeChoice[] {
  return features
    .map((f) => {
      const [lon, lat] = centroid(f as never);
      return { label: f.properties?.name ?? '', lat: Math.round(lat * 100) / 100, lon: Math.round(lon * 100) / 100 };
    })
    .filter((c) => c.label !== '' && Number.isFinite(c.lat) && Number.isFinite(c.lon))
    .sort((a, b) => a.label.localeCompare(b.label));
}

const HOME_KEY = 'spot-desk.globe-home';

/** The home location from storage text; null when missing or malformed. */
export function parseHome(text: string | null): HomeChoice | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<HomeChoice>;
    if (typeof v.lat !== 'number' || typeof v.lon !== 'number' || typeof v.label !== 'string') return null;
    if (Math.abs(v.lat) > 90 || Math.abs(v.lon) > 180) return null;
    return { lat: v.lat, lon: v.lon, label: v.label.slice(0, 100) };
  } catch {
    return null;
  }
}

export function loadHome(): HomeChoice | null {
  return parseHome(globalThis.localStorage?.getItem(HOME_KEY) ?? null);
}

export function saveHome(home: HomeChoice | null): void {
  if (home) globalThis.localStorage?.setItem(HOME_KEY, JSON.stringify(home));
  else globalThis.localStorage?.removeItem(HOME_KEY);
}
