/**
 * The enrichment the storyboard uses (network context, geolocation), loaded once from the settings file and
 * the sample's context files. Failures leave the part empty and say why (the views show it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { defaultSettings, settingsSchema, type Settings } from '../../../shared/settings';
import { enrichmentConfig } from '../days';
import { createEnrichment, emptyNetworkContext, type Enrichment } from '../enrich/index';

export interface StoryEnrichment extends Pick<Enrichment, 'context' | 'geo'> {
  problems: string[];
}

/** The settings on disk, or null when missing or invalid (the settings view reports those). */
export function readSettings(file: string): Settings | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function loadStoryEnrichment(settingsFile: string, sampleRoot: string): Promise<StoryEnrichment> {
  const settings = readSettings(settingsFile) ?? defaultSettings();
  // The same files the OA pipelines use (days.ts): the settings' files win, else the data tree's context/.
  const config = enrichmentConfig(settings, settings.local.root ?? sampleRoot);
  const problems: string[] = [];
  try {
    const e = await createEnrichment({ ...config, reputationLists: [] });
    return { context: e.context, geo: e.geo, problems };
  } catch (err) {
    problems.push((err as Error).message);
    try {
      const e = await createEnrichment({});
      return { context: e.context, geo: e.geo, problems };
    } catch (err2) {
      problems.push((err2 as Error).message);
      return { context: emptyNetworkContext(), geo: null, problems };
    }
  }
}

/** Raw-day roots to search: the configured local tree (raw root first), then the bundled sample. */
export function rawRoots(settingsFile: string, sampleRoot: string): string[] {
  const settings = readSettings(settingsFile);
  const roots: string[] = [];
  const local = settings?.local;
  if (local?.rawRoot) roots.push(local.rawRoot);
  if (local?.root) roots.push(local.root);
  roots.push(sampleRoot);
  return [...new Set(roots)];
}
