/**
 * Proxy labelled day "proxy-phish": visits to real phishing URLs (OpenPhish community feed as archived by
 * stephenhawk8054/openphish-adblock) and real malware download URLs (URLs attackers fetched malware from after
 * breaking into SSH honeypots, Animus threat data 2014-2015, as copied in kernelzeroday/opparis) among an
 * organisation's browsing (the HAR page loads also used by proxy-webscan).
 *
 *   npx tsx bench/detect/build/proxy-phishing.ts --har /work/.mirror/rashnakumar96+Crux_Sites_Scrapper/repo \
 *     --openphish /work/.mirror/stephenhawk8054+openphish-adblock/repo \
 *     --animus /work/.mirror/kernelzeroday+opparis/repo/.git [--phish-days 3] [--out /work/detect-data]
 *
 * Each source may be a fetched bare git snapshot or a plain folder with the same layout. See bench/detect/README.md.
 */
import {
  Rng,
  backgroundRequests,
  contentTypeFor,
  diurnalSecond,
  documentResponses,
  listSource,
  makeOrg,
  parseArgs,
  parseHar,
  pickClient,
  printSummary,
  readSource,
  requestBytesEstimate,
  sourceCommit,
  visitCount,
  writeDay,
  type DocumentResponse,
  type PageLoad,
  type ProxyRequest,
} from './proxy-common';

const OPENPHISH_FILE = 'archive/2025.json';
const ANIMUS_FILE = 'extra/threat_data/master_lists/all_urls.txt';
const MEAN_EXTRA_VISITS = 0.6;

export const FAMILIES: Record<string, { description: string }> = {
  phishing_url: {
    description:
      'visit to a phishing page listed by the OpenPhish community feed (credential phishing on free hosting, lookalike domains, redirectors); landing request only',
  },
  malware_download: {
    description:
      'fetch of a URL that attackers downloaded malware from after compromising SSH honeypots (bots, DDoS kits, miners, shell scripts; mostly raw IP hosts with odd ports)',
  },
};

/** One visit to a listed URL; fields the list lacks are filled the same way for every such row. */
function urlVisit(
  url: URL,
  clientip: string,
  t: number,
  family: string,
  doc: DocumentResponse,
  useragent: string,
): ProxyRequest {
  const path = url.pathname;
  const query = url.search.slice(1);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    t,
    clientip,
    username: '-',
    method: 'GET',
    scheme: url.protocol.slice(0, -1),
    host,
    port: url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80',
    path,
    query,
    useragent,
    resconttype: contentTypeFor(path, doc.respcode),
    durationMs: doc.durationMs,
    referer: '',
    respcode: doc.respcode,
    serverip: /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? host : '',
    scbytes: doc.scbytes,
    csbytes: requestBytesEstimate('GET', path, query, useragent),
    family,
  };
}

function parseUrl(s: string): URL | null {
  try {
    const u = new URL(s.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = args.get('out') ?? '/work/detect-data';
  const harSrc = args.get('har') ?? '/work/.mirror/rashnakumar96+Crux_Sites_Scrapper/repo';
  const phishSrc = args.get('openphish') ?? '/work/.mirror/stephenhawk8054+openphish-adblock/repo';
  const animusSrc = args.get('animus') ?? '/work/.mirror/kernelzeroday+opparis/repo/.git';
  const phishDays = Number(args.get('phish-days') ?? '3');
  const seed = Number(args.get('seed') ?? '20250118');
  const rng = new Rng(seed);

  // Benign: HAR page loads
  const harPaths = listSource(harSrc, 'data/har_files', (p) => p.endsWith('.har'));
  const har = await readSource(harSrc, harPaths);
  const loads: PageLoad[] = [];
  for (const f of har.files) {
    const l = parseHar(f.path, f.text);
    if (l) loads.push(l);
  }
  console.log(`HAR: ${harPaths.length} files, ${har.missing.length} not in the snapshot, ${loads.length} page loads`);
  const org = makeOrg(rng, 600);
  const requests: ProxyRequest[] = backgroundRequests(loads, org, rng, MEAN_EXTRA_VISITS);
  const benign = requests.length;
  const docs = documentResponses(loads);
  // The browser of the background (the only User-Agent of the HAR captures) for list rows that have none.
  const uaCount = new Map<string, number>();
  for (const r of requests) uaCount.set(r.useragent, (uaCount.get(r.useragent) ?? 0) + 1);
  const browserUa = [...uaCount].sort((a, b) => b[1] - a[1])[0]![0];

  // Phishing: the last `phishDays` days of the archived OpenPhish feed; the day is the last of them.
  const phish = await readSource(phishSrc, [OPENPHISH_FILE]);
  if (phish.files.length === 0) throw new Error(`missing ${OPENPHISH_FILE}`);
  const firstSeen = JSON.parse(phish.files[0]!.text) as Record<string, string>;
  const feedDays = [...new Set(Object.values(firstSeen).map((v) => v.slice(0, 10)))].sort();
  const chosenDays = new Set(feedDays.slice(-phishDays));
  const date = feedDays[feedDays.length - 1]!;
  const phishUrls: URL[] = [];
  let phishBad = 0;
  for (const [u, seen] of Object.entries(firstSeen)) {
    if (!chosenDays.has(seen.slice(0, 10))) continue;
    const url = parseUrl(u);
    if (url) phishUrls.push(url);
    else phishBad++;
  }

  // Malware downloads: every Animus URL with a path (a file to fetch), parseable as a URL.
  const animus = await readSource(animusSrc, [ANIMUS_FILE]);
  if (animus.files.length === 0) throw new Error(`missing ${ANIMUS_FILE}`);
  const malwareUrls: URL[] = [];
  let malwareSkipped = 0;
  for (const line of animus.files[0]!.text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const url = parseUrl(line);
    if (url && url.pathname.length > 1) malwareUrls.push(url);
    else malwareSkipped++;
  }

  // Visits: the same procedure as a benign page load (1 + Poisson visits, client by activity weight, diurnal time).
  let phishRows = 0;
  let malwareRows = 0;
  for (const [urls, family] of [
    [phishUrls, 'phishing_url'],
    [malwareUrls, 'malware_download'],
  ] as const) {
    for (const url of urls) {
      const visits = visitCount(rng, MEAN_EXTRA_VISITS);
      for (let v = 0; v < visits; v++) {
        requests.push(urlVisit(url, pickClient(org, rng), diurnalSecond(rng), family, rng.pick(docs), browserUa));
        if (family === 'phishing_url') phishRows++;
        else malwareRows++;
      }
    }
  }
  console.log(
    `phishing: ${phishUrls.length} URLs first seen ${[...chosenDays].join(', ')} (${phishBad} unparseable) → ${phishRows} rows; ` +
      `malware: ${malwareUrls.length} URLs (${malwareSkipped} without a path or unparseable) → ${malwareRows} rows`,
  );

  const summary = writeDay(
    {
      out,
      id: `proxy-phish-${date}`,
      date,
      families: FAMILIES,
      builder: 'bench/detect/build/proxy-phishing.ts',
      sources: [
        {
          name: 'OpenPhish community phishing feed, archived with first-seen times by stephenhawk8054/openphish-adblock',
          url: 'https://github.com/stephenhawk8054/openphish-adblock',
          licence:
            'repository GPL-3.0; feed content from the OpenPhish Community Feed (free, non-commercial use per OpenPhish terms)',
          citation:
            'OpenPhish, Community Phishing Feed (openphish.com), Jan 2025, via stephenhawk8054/openphish-adblock archive/2025.json',
          files: [OPENPHISH_FILE],
          commit: sourceCommit(phishSrc),
        },
        {
          name: 'Animus threat data (Andrew Morris): URLs attackers downloaded malware from on SSH honeypots, 2014-2015, copy in kernelzeroday/opparis',
          url: 'https://github.com/kernelzeroday/opparis/tree/master/extra/threat_data',
          licence:
            'CC BY-NC 4.0 (stated in extra/threat_data/README.md: "All rights reserved by Andrew Morris under Creative Commons Non-Commercial 4.0")',
          citation: 'A. Morris, Animus Threat Data Repository, master_lists/all_urls.txt (2014-2015)',
          files: [ANIMUS_FILE],
          commit: sourceCommit(animusSrc),
        },
        {
          name: 'rashnakumar96/Crux_Sites_Scrapper: HAR captures (headless Chromium via Playwright) of top CrUX sites, country AR',
          url: 'https://github.com/rashnakumar96/Crux_Sites_Scrapper',
          licence: 'no licence file in the repository; used for local benchmarking only, not redistributed',
          citation: 'R. Kumar, Crux_Sites_Scrapper, GitHub, data/har_files/AR (captured 2025-08)',
          files: [`data/har_files/AR/*.har (${loads.length} page loads)`],
          commit: sourceCommit(harSrc),
        },
      ],
      notes: [
        `Benign: ${loads.length} real page loads (HAR; ${har.missing.length} HAR files absent from the snapshot, ≥4 MiB) with every`,
        'http(s) subresource the browser requested: method, URL, User-Agent (the headless Chromium of the capture), Referer,',
        'status, MIME type, time taken, server address and sizes are the HAR values (entries without a response and',
        'blob:/data: URLs left out). Each page load is replayed 1 + Poisson(0.6) times, each replay by one client drawn by',
        'activity weight at a start time drawn from an office-day hourly profile (HOURLY_WEIGHTS in proxy-common.ts),',
        'keeping the HAR offsets between its requests. The same page loads are the background of proxy-webscan',
        '(different clients, times and visit counts).',
        `Malicious: ${phishUrls.length} phishing URLs first seen by OpenPhish on ${[...chosenDays].join(', ')} and`,
        `${malwareUrls.length} malware download URLs (Animus, with a path) taken as listed (scheme, host, port, path, query;`,
        'normalised by the WHATWG URL parser). Each URL is visited exactly like a benign page load: 1 + Poisson(0.6)',
        'visits, each by a client drawn by activity weight at a diurnal start time; one GET per visit (the lists hold',
        "only the URL, so the phishing pages' own subresources are not present).",
        'Fields the lists lack are filled the same way for every such row: status, response bytes and time taken copied',
        'from the document request of a randomly drawn benign page load; content type from the path extension and that',
        'status (contentTypeFor; no extension → text/html); User-Agent = the background browser\'s; Referer "-";',
        'server address = the host when it is an IP literal, else "-"; request bytes = request line + User-Agent + 250.',
        `Synthesised for all rows: clients = 600 addresses in ${org.subnet} with log-normal activity weights; webcat,`,
        'authgroup, exceptionid, virusid, bcappname, bcappoper "-", filterresult OBSERVED, action TCP_HIT for 304 else',
        'TCP_NC_MISS. Dates: the day is the last feed day; the HAR and Animus contents keep their own hosts and paths.',
      ].join(' '),
    },
    requests,
  );
  console.log(`benign requests before de-duplication: ${benign}`);
  printSummary(summary);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
