/** The app's place, kept in the URL hash as Spot does (`#/flow/suspicious?date=2026-11-24&filter=10.0.0.1`),
 * so a link or a reload shows the same view. Pure: parse and format only. */
import { PIPELINES, type Pipeline } from '../../shared/schema';

/** The per-pipeline views of the navigation bar. */
export const VIEWS = ['suspicious', 'investigation', 'storyboard', 'ingest'] as const;
/** Every place the route can name: the per-pipeline views plus the global settings page. */
export const ROUTE_VIEWS = [...VIEWS, 'settings'] as const;
export type ViewName = (typeof ROUTE_VIEWS)[number];

export const VIEW_LABELS: Record<ViewName, string> = {
  suspicious: 'Suspicious',
  investigation: 'Threat investigation',
  storyboard: 'Storyboard',
  ingest: 'Ingest summary',
  settings: 'Settings',
};
export const PIPELINE_LABELS: Record<Pipeline, string> = { flow: 'Flow', dns: 'DNS', proxy: 'Proxy' };

export interface Route {
  pipeline: Pipeline;
  view: ViewName;
  date: string | null;
  filter: string | null;
}

export const DEFAULT_ROUTE: Route = { pipeline: 'flow', view: 'suspicious', date: null, filter: null };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseRoute(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const [, pipeline, view] = pathPart.split('/');
  const params = new URLSearchParams(query);
  const date = params.get('date');
  return {
    pipeline: PIPELINES.find((p) => p === pipeline) ?? DEFAULT_ROUTE.pipeline,
    view: (ROUTE_VIEWS as readonly string[]).includes(view ?? '') ? (view as ViewName) : DEFAULT_ROUTE.view,
    date: date && DATE.test(date) ? date : null,
    filter: params.get('filter') || null,
  };
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.date) params.set('date', route.date);
  if (route.filter) params.set('filter', route.filter);
  const query = params.toString();
  return `#/${route.pipeline}/${route.view}${query ? `?${query}` : ''}`;
}
