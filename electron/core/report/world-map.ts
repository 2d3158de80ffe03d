/**
 * The threat's map as inline SVG: the world's countries (the bundled Natural Earth 1:110m TopoJSON) under the
 * located endpoints and the arcs of their traffic. No tile, font or script is fetched.
 */
import { geoNaturalEarth1, geoPath } from 'd3';
import type { Topology } from 'topojson-specification';
import { feature } from 'topojson-client';
import countries from '../../../resources/globe/countries-110m.json';
import type { GlobeData } from '../../../shared/ops/investigation';
import { mapArcLabel } from '../../../shared/pipeline-profile';
import type { Pipeline } from '../../../shared/schema';
import { escapeHtml } from './escape';

export const MAP_WIDTH = 720;
export const MAP_HEIGHT = 370;

const projection = geoNaturalEarth1().fitExtent(
  [
    [4, 4],
    [MAP_WIDTH - 4, MAP_HEIGHT - 4],
  ],
  { type: 'Sphere' },
);
const path = geoPath(projection).digits(1);

let landPaths: string | null = null;
/** The countries, projected once per process (the same for every report). */
function land(): string {
  if (landPaths === null) {
    const topology = countries as unknown as Topology;
    const world = feature(topology, topology.objects.countries!) as unknown as GeoJSON.FeatureCollection;
    landPaths =
      `<path class="sphere" d="${path({ type: 'Sphere' }) ?? ''}"/>` +
      world.features.map((f) => `<path class="land" d="${path(f) ?? ''}"/>`).join('');
  }
  return landPaths;
}

/** What each role of a point is, in the pipeline's words (the profile's `mapRoles`). */
type RoleWords = Readonly<Record<GlobeData['points'][number]['role'], string>>;

export function worldMapSvg(globe: GlobeData, roles: RoleWords, pipeline: Pipeline): string {
  const max = Math.max(1, ...globe.arcs.map((a) => a.connections));
  const arcs = globe.arcs
    .map((a) => {
      const d = path({
        type: 'LineString',
        coordinates: [
          [a.startLon, a.startLat],
          [a.endLon, a.endLat],
        ],
      });
      const width = (0.8 + 2.2 * Math.sqrt(a.connections / max)).toFixed(1);
      return d
        ? `<path class="arc" d="${d}" stroke-width="${width}"><title>${escapeHtml(mapArcLabel(pipeline, a))}</title></path>`
        : '';
    })
    .join('');
  const points = globe.points
    .map((p) => {
      const xy = projection([p.lon, p.lat]);
      if (!xy) return '';
      const label = `${p.ip} · ${[p.city, p.country].filter(Boolean).join(', ')} · ${roles[p.role]}`;
      return `<circle class="pt ${p.role}" cx="${xy[0].toFixed(1)}" cy="${xy[1].toFixed(1)}" r="${p.role === 'anchor' ? 5 : 3.5}"><title>${escapeHtml(label)}</title></circle>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" width="${MAP_WIDTH}" height="${MAP_HEIGHT}" role="img" aria-label="Map of the threat's endpoints">${land()}${arcs}${points}</svg>`;
}

/** The located endpoints as a legend table (the map's dots carry no readable labels on paper). */
export function mapLegendRows(globe: GlobeData, roles: RoleWords, cap = 12): Array<[string, string, string]> {
  return globe.points
    .slice(0, cap)
    .map((p) => [p.ip, [p.city, p.country].filter(Boolean).join(', ') || '—', roles[p.role]]);
}
