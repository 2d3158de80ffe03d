/** Loads the top-domains label set (resources/top-domains.txt, see its README) once per path. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors';

/**
 * resources/top-domains.txt: `$SPOT_DESK_RESOURCES/top-domains.txt` when set; else beside the sources (tsx,
 * vitest); else, in the CommonJS bundle (dist/electron/*.cjs, where import.meta.url is empty), two folders up
 * from the bundle. A packaged app should pass `topDomainsPath` or set SPOT_DESK_RESOURCES.
 */
export function defaultTopDomainsPath(): string {
  const fromEnv = process.env.SPOT_DESK_RESOURCES;
  if (fromEnv) return join(fromEnv, 'top-domains.txt');
  const moduleUrl: string | undefined = import.meta.url;
  if (moduleUrl) return fileURLToPath(new URL('../../../resources/top-domains.txt', moduleUrl));
  return join(typeof __dirname === 'string' ? __dirname : process.cwd(), '..', '..', 'resources', 'top-domains.txt');
}

const cache = new Map<string, ReadonlySet<string>>();

/** Parses a label list: one label per line, `#` comments; a `rank,domain` CSV line keeps the domain's first label. */
export function parseTopDomains(text: string): Set<string> {
  const labels = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const domain = line.includes(',') ? (line.split(',')[1] ?? '') : line;
    const label = domain.trim().toLowerCase().split('.')[0];
    if (label) labels.add(label);
  }
  return labels;
}

export function loadTopDomains(path: string = defaultTopDomainsPath()): ReadonlySet<string> {
  const hit = cache.get(path);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(path, null, null, `cannot read the top-domains list: ${(err as Error).message}`);
  }
  const set = parseTopDomains(text);
  cache.set(path, set);
  return set;
}
