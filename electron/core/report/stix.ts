/**
 * The IOC export as a STIX 2.1 bundle: for each indicator an `indicator` (STIX pattern) and the observed
 * `observed-data` with its SCO, one `report` naming them all, the analyst's `identity` and the TLP marking.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Tlp } from './model';
import type { Ioc, IocType } from './iocs';

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** STIX 2.1 §7.2.1.3: the four TLP 1.0 marking definitions, with their fixed ids. TLP 2.0 CLEAR is WHITE. */
const TLP_MARKINGS: Record<'white' | 'green' | 'amber' | 'red', string> = {
  white: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  green: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  amber: 'marking-definition--f88d31f6-5a2d-4d5d-bb77-7b29d4734a2b',
  red: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};
const TLP_STIX: Record<Tlp, keyof typeof TLP_MARKINGS> = {
  CLEAR: 'white',
  GREEN: 'green',
  AMBER: 'amber',
  'AMBER+STRICT': 'amber',
  RED: 'red',
};

/** STIX 2.1 §2.9: the namespace of deterministic (UUIDv5) SCO identifiers. */
const SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** RFC 4122 UUID version 5 (SHA-1 of namespace + name). */
export function uuidV5(name: string, namespace = SCO_NAMESPACE): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A string literal of STIX patterning: quote and backslash escaped. */
export function patternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A URL SCO holds an RFC 3986 URL: a scheme (Spot's fulluri often has none; http:// is assumed), an IDN host in
 * punycode, other characters percent-encoded. */
export function absoluteUrl(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme).href;
  } catch {
    return encodeURI(withScheme);
  }
}

interface IocStix {
  /** The SCO observed (none for a user agent: STIX has no SCO of its own for it). */
  sco: StixObject | null;
  pattern: string;
  name: string;
}

function stixOf(type: IocType, value: string): IocStix {
  const sco = (scoType: string, property: string, v: string): StixObject => ({
    type: scoType,
    spec_version: '2.1',
    id: `${scoType}--${uuidV5(JSON.stringify({ [property]: v }))}`,
    [property]: v,
  });
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
    case 'domain-name':
      return { sco: sco(type, 'value', value), pattern: `[${type}:value = ${patternString(value)}]`, name: value };
    case 'url': {
      const url = absoluteUrl(value);
      return { sco: sco('url', 'value', url), pattern: `[url:value = ${patternString(url)}]`, name: url };
    }
    case 'file-name':
      return { sco: sco('file', 'name', value), pattern: `[file:name = ${patternString(value)}]`, name: value };
    case 'user-agent':
      return {
        sco: null,
        pattern: `[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ${patternString(value)}]`,
        name: `User-Agent: ${value}`,
      };
  }
}

/** `YYYY-MM-DD HH:MM[:SS]` (UTC) as a STIX timestamp. */
export function stixTime(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (!m) throw new Error(`not a time: ${text}`);
  return `${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}.000Z`;
}

export interface BundleInput {
  title: string;
  description: string;
  date: string;
  analyst: string;
  tlp: Tlp;
  iocs: readonly Ioc[];
  /** Injected for tests; the real export uses the clock and random UUIDs. */
  now?: Date;
  newId?: () => string;
}

export function stixBundle(input: BundleInput): StixBundle {
  const newId = input.newId ?? randomUUID;
  const now = (input.now ?? new Date()).toISOString();
  const marking = TLP_MARKINGS[TLP_STIX[input.tlp]];
  const tlpName = TLP_STIX[input.tlp];
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: `identity--${uuidV5(`spot-desk-analyst:${input.analyst}`)}`,
    created: now,
    modified: now,
    name: input.analyst,
    identity_class: 'individual',
  };
  const common = {
    spec_version: '2.1',
    created: now,
    modified: now,
    created_by_ref: identity.id,
    object_marking_refs: [marking],
  };
  const objects: StixObject[] = [
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: marking,
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: `TLP:${tlpName.toUpperCase()}`,
      definition: { tlp: tlpName },
    },
    identity,
  ];
  const scos = new Map<string, StixObject>();
  const refs: string[] = [];
  const dayStart = stixTime(input.date);
  for (const ioc of input.iocs) {
    const s = stixOf(ioc.type, ioc.value);
    const first = ioc.firstSeen ? stixTime(ioc.firstSeen) : dayStart;
    const last = ioc.lastSeen ? stixTime(ioc.lastSeen) : first;
    const indicator: StixObject = {
      type: 'indicator',
      id: `indicator--${newId()}`,
      ...common,
      name: s.name,
      description: `${ioc.type} seen in the threat "${ioc.threat}" (anchor ${ioc.anchor})`,
      indicator_types: ['malicious-activity'],
      pattern: s.pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: first,
      labels: [ioc.type],
    };
    objects.push(indicator);
    refs.push(indicator.id);
    if (s.sco) {
      if (!scos.has(s.sco.id)) {
        scos.set(s.sco.id, s.sco);
        objects.push(s.sco);
      }
      const observed: StixObject = {
        type: 'observed-data',
        id: `observed-data--${newId()}`,
        ...common,
        first_observed: first,
        last_observed: last < first ? first : last,
        number_observed: Math.max(1, Math.min(999_999_999, ioc.count)),
        object_refs: [s.sco.id],
      };
      objects.push(observed);
      refs.push(observed.id, s.sco.id);
      objects.push({
        type: 'relationship',
        id: `relationship--${newId()}`,
        ...common,
        relationship_type: 'based-on',
        source_ref: indicator.id,
        target_ref: observed.id,
      });
    }
  }
  objects.push({
    type: 'report',
    id: `report--${newId()}`,
    ...common,
    name: input.title,
    description: input.description,
    report_types: ['threat-report'],
    published: now,
    object_refs: refs.length > 0 ? [...new Set(refs)] : [identity.id],
  });
  return { type: 'bundle', id: `bundle--${newId()}`, objects };
}
