/**
 * spot-ml's DomainProcessor (utilities/DomainProcessor.scala): split a DNS name or proxy host into
 * domain and subdomain the way spot-ml does, including its quirks (the country-code list contains
 * "" and "krd"; only seven generic TLDs are known; `*.in-addr.arpa` has no domain). Pure.
 */

/** DomainProcessor.CountryCodes, verbatim (note the empty string and "krd"). */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  `ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br bs bt
  bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et eu fi
  fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir
  is it je jm jo jp ke kg kh ki km kn kp kr krd kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm
  mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt
  pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk
  tl tm tn to tp tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw`
    .split(/\s+/)
    .filter((code) => code !== '')
    .concat(['']),
);

/** DomainProcessor.TopLevelDomainNames. */
export const GENERIC_TLDS: ReadonlySet<string> = new Set(['com', 'org', 'net', 'int', 'edu', 'gov', 'mil']);

export const NO_DOMAIN = 'None';

export interface DomainSplit {
  /** Last label left after stripping a country code and then a generic TLD, or "None". */
  readonly domain: string;
  /** The labels before the domain joined by ".", or "None". */
  readonly subdomain: string;
  /** Number of labels of the whole name (Java String.split semantics). */
  readonly numParts: number;
  /** The stripped suffix (e.g. "co.uk", "com"); "" when there is no domain. Not in spot-ml; used by detections. */
  readonly suffix: string;
}

/**
 * Java's `String.split('.')`: splits on every dot and drops trailing empty strings
 * ("a.b." → ["a","b"]; "" → [""]). spot-ml's numParts depends on this.
 */
export function javaSplitDot(name: string): string[] {
  const parts = name.split('.');
  if (parts.length === 1) return parts;
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end -= 1;
  return parts.slice(0, end);
}

/** DomainProcessor.extractDomainSubdomain (plus numParts and the stripped suffix). */
export function splitDomain(name: string): DomainSplit {
  const parts = javaSplitDot(name);
  const numParts = parts.length;
  const last = parts[numParts - 1];
  const isReverse = numParts > 2 && last === 'arpa' && parts[numParts - 2] === 'in-addr';
  if (numParts >= 2 && !isReverse && last !== undefined && (COUNTRY_CODES.has(last) || GENERIC_TLDS.has(last))) {
    let end = numParts;
    if (COUNTRY_CODES.has(parts[end - 1] as string)) end -= 1;
    if (end > 0 && GENERIC_TLDS.has(parts[end - 1] as string)) end -= 1;
    if (end > 0) {
      const domain = parts[end - 1] as string;
      const subdomain = end > 1 ? parts.slice(0, end - 1).join('.') : NO_DOMAIN;
      return { domain, subdomain, numParts, suffix: parts.slice(end).join('.') };
    }
  }
  return { domain: NO_DOMAIN, subdomain: NO_DOMAIN, numParts, suffix: '' };
}

/** DomainProcessor.extractDomain. */
export function extractDomain(name: string): string {
  return splitDomain(name).domain;
}
