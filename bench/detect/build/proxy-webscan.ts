/**
 * Proxy labelled day "proxy-webscan": web-application attack scans (real Apache access-log lines of Acunetix,
 * Netsparker and w3af runs against DVWA/Joomla, ocatak/apache-http-logs) among an organisation's browsing (real
 * page loads of ~840 popular sites recorded as HAR by headless Chromium, rashnakumar96/Crux_Sites_Scrapper).
 *
 *   npx tsx bench/detect/build/proxy-webscan.ts --har /work/.mirror/rashnakumar96+Crux_Sites_Scrapper/repo \
 *     --scans /work/.mirror/ocatak+apache-http-logs/repo [--out /work/detect-data]
 *
 * Each source may be a fetched bare git snapshot or a plain folder with the same layout. See bench/detect/README.md.
 */
import {
  Rng,
  backgroundRequests,
  contentTypeFor,
  listSource,
  makeOrg,
  parseArgs,
  parseHar,
  pickClient,
  printSummary,
  readSource,
  requestBytesEstimate,
  sourceCommit,
  writeDay,
  type PageLoad,
  type ProxyRequest,
} from './proxy-common';

const DAY_ID = 'proxy-webscan-2016-12-22';
/** The scans' own date (22 Dec 2016); their times of day are kept (converted to UTC). */
const DATE = '2016-12-22';
const SCAN_FILES = ['acunetix.txt', 'netsparker.txt', 'w3af.txt'];

export const FAMILIES: Record<string, { description: string }> = {
  sqli: {
    description:
      'SQL injection probe in the query string (UNION/SELECT, boolean, time-based WAITFOR/SLEEP, quote-comment)',
  },
  xss: { description: 'cross-site scripting probe in the URI (script/event-handler/markup injection)' },
  path_traversal: {
    description:
      'directory traversal or local file inclusion (../, /etc/passwd, win.ini, php://, file://, XXE to a local file)',
  },
  rfi: { description: 'remote file inclusion / open redirect / SSRF probe: a parameter value that is an external URL' },
  cmd_injection: { description: 'OS command injection probe (; | & ` $() followed by a shell command)' },
  ssti: { description: 'server-side template injection probe ({{7*7}}-style, <%= %>, #{…})' },
  code_injection: {
    description:
      'server-side code injection probe (PHP/ASP: ${@print(md5(…))}, phpinfo(), eval(), system(), Response.Write)',
  },
  jndi: { description: 'JNDI lookup injection (${jndi:…})' },
  crlf_injection: { description: 'CRLF / header injection (%0d%0a in the URI)' },
  web_scan: {
    description:
      'other requests of the vulnerability scanners: crawling, forced browsing of backup/admin/config files, fingerprinting, POSTs whose body the access log does not hold',
  },
};

function decode(s: string): string {
  let out = s.replace(/\+/g, ' ');
  for (let i = 0; i < 2; i++) {
    try {
      out = decodeURIComponent(out);
    } catch {
      out = out.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
  }
  return out;
}

const SQLI_STRONG =
  /\bunion\b[\s\S]*\bselect\b|\bselect\b[\s\S]*\b(from|sleep|case|if)\b|\(\s*select\b|\bwaitfor\s+delay\b|\bsleep\s*\(|\bbenchmark\s*\(|pg_sleep|\bdeclare\s+@|\bconvert\s*\(\s*int|\bcast\s*\([\s\S]*\bas\b|@@version|information_schema|\bsys(columns|objects)\b|\bextractvalue\s*\(|\bupdatexml\s*\(|\bchar\s*\(\s*\d+\s*\)|\bdrop\s+table\b|\border\s+by\s+\d+|\b(or|and)\b\s+[-+\d('"]+[\s\S]*?=|\bprocedure\s+analyse\b/i;
const SQLI_WEAK = /'\s*(--|#|\/\*|;)|"\s*(--|;)|'\s*(or|and)\s*'|\b(or|and)\s+\d+\s*[=<>]\s*\d+/i;
const CMD =
  /([;|`&\n]|\$\(|\|\|)\s*(cat|id|ls|ping|nslookup|sleep|whoami|uname|echo|wget|curl|type|dir|set|ipconfig|ifconfig|net\s+user|sh|bash|cmd|powershell|perl|python)(\s|$|[;|&`)'"])/i;
const CODE =
  /print\s*\(\s*md5\s*\(|\$\{\s*@|\$\{\s*print|phpinfo\s*\(|\beval\s*\(|\bassert\s*\(|\bsystem\s*\(|passthru\s*\(|shell_exec\s*\(|base64_decode\s*\(|response\.write\s*\(/i;

/** Decoded parts of a URI a payload can sit in: the path and each query parameter's name and value. */
function decodedParts(path: string, query: string): string[] {
  const parts = [decode(path)];
  if (query !== '') {
    for (const kv of query.split('&')) {
      const eq = kv.indexOf('=');
      if (eq < 0) parts.push(decode(kv));
      else parts.push(decode(kv.slice(0, eq)), decode(kv.slice(eq + 1)));
    }
  }
  return parts;
}

/**
 * Family of one scanner request from its URI (the source labels requests only by scanner run). First match wins,
 * over the path and each query name and value, percent-decoded twice; raw `&` and `=` separate parameters, so only
 * an encoded `&` counts as a shell separator. Requests without an attack payload are the scan's crawling and probing.
 */
export function familyOf(path: string, query: string): string {
  const rawUri = query === '' ? path : `${path}?${query}`;
  if (/%0d|%0a/i.test(rawUri)) return 'crlf_injection';
  const parts = decodedParts(path, query);
  const any = (re: RegExp): boolean => parts.some((p) => re.test(p));
  if (any(/\$\{\s*jndi:/i)) return 'jndi';
  if (
    any(
      /<script|<\/script|javascript:|vbscript:|\bon(error|load|mouseover|focus|click)\s*=|<svg|<img|<iframe|<body|alert\s*\(|prompt\s*\(|confirm\s*\(|document\.(cookie|domain)|<[a-z]+[^>]*\bstyle\s*=|scr[iI]pt/i,
    )
  )
    return 'xss';
  if (
    any(
      /\.\.[\\/]|\/etc\/(passwd|shadow|hosts)|win\.ini|boot\.ini|php:\/\/|file:\/\/|data:\/\/|expect:\/\/|<!ENTITY|\/proc\/(self|version)/i,
    )
  )
    return 'path_traversal';
  if (any(/\{\{[\s\S]*\}\}|<%=|#\{[^}]+\}/)) return 'ssti';
  if (any(CODE)) return 'code_injection';
  if (any(SQLI_STRONG)) return 'sqli';
  if (any(CMD)) return 'cmd_injection';
  if (any(SQLI_WEAK)) return 'sqli';
  if (any(/^\s*(https?|ftp):\/\/|^\s*\/[\\/]+[a-z0-9-]+\.[a-z]{2,}/i)) return 'rfi';
  return 'web_scan';
}

interface ScanLine {
  ip: string;
  user: string;
  second: number;
  method: string;
  target: string;
  status: string;
  bytes: number;
  referer: string;
  ua: string;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** Apache combined log line (most lines of these files are wrapped in one more pair of double quotes). */
export function parseScanLine(line: string): ScanLine | null {
  const s = line.startsWith('"') ? line.slice(1).replace(/"$/, '') : line;
  const m =
    /^(\S+) \S+ (\S+) \[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "(.*)" (\d{3}) (\d+|-) "(.*)" "(.*)"$/.exec(
      s,
    );
  if (!m) return null;
  const [, ip, user, dd, mon, yyyy, hh, mi, ss, tz, req, status, bytes, referer, ua] = m as unknown as string[];
  const tzSign = tz!.startsWith('-') ? -1 : 1;
  const tzMin = tzSign * (Number(tz!.slice(1, 3)) * 60 + Number(tz!.slice(3, 5)));
  const utc = Date.UTC(Number(yyyy), MONTHS[mon!] ?? 0, Number(dd), Number(hh), Number(mi), Number(ss)) - tzMin * 60000;
  const rm = /^(\S+) (\S.*?)(?: HTTP\/\d\.\d)?$/.exec(req!);
  if (!rm) return null;
  return {
    ip: ip!,
    user: user!,
    second: (((utc / 1000) % 86400) + 86400) % 86400,
    method: rm[1]!,
    target: rm[2]!,
    status: status!,
    bytes: bytes === '-' ? 0 : Number(bytes),
    referer: referer === '-' ? '' : referer!.replace(/\\"/g, '"'),
    ua: ua!.replace(/\\"/g, '"'),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = args.get('out') ?? '/work/detect-data';
  const harSrc = args.get('har') ?? '/work/.mirror/rashnakumar96+Crux_Sites_Scrapper/repo';
  const scanSrc = args.get('scans') ?? '/work/.mirror/ocatak+apache-http-logs/repo';
  const seed = Number(args.get('seed') ?? '20161222');
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
  const requests: ProxyRequest[] = backgroundRequests(loads, org, rng, 0.6);
  const benign = requests.length;

  // Durations of background requests: the empirical distribution used where a source has none.
  const durations = requests.map((r) => r.durationMs);

  // Malicious: scanner access logs, real times, one organisation client per scanner address
  const scan = await readSource(scanSrc, SCAN_FILES);
  if (scan.missing.length > 0) throw new Error(`missing scan logs: ${scan.missing.join(', ')}`);
  const scannerClient = new Map<string, string>();
  const used = new Set<string>();
  let unparsed = 0;
  let scanRows = 0;
  for (const f of scan.files) {
    for (const line of f.text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const l = parseScanLine(line);
      if (!l) {
        unparsed++;
        continue;
      }
      let client = scannerClient.get(l.ip);
      if (client === undefined) {
        do client = pickClient(org, rng);
        while (used.has(client));
        used.add(client);
        scannerClient.set(l.ip, client);
      }
      const q = l.target.indexOf('?');
      const path = q < 0 ? l.target : l.target.slice(0, q);
      const query = q < 0 ? '' : l.target.slice(q + 1);
      requests.push({
        t: l.second,
        clientip: client,
        username: l.user,
        method: l.method,
        scheme: 'http',
        host: '192.168.4.161',
        port: '80',
        path,
        query,
        useragent: l.ua,
        resconttype: l.method === 'HEAD' ? '-' : contentTypeFor(path, l.status),
        durationMs: rng.pick(durations),
        referer: l.referer,
        respcode: l.status,
        serverip: '192.168.4.161',
        scbytes: l.bytes,
        csbytes: requestBytesEstimate(l.method, path, query, l.ua),
        family: familyOf(path, query),
      });
      scanRows++;
    }
  }
  console.log(
    `scan logs: ${scanRows} requests, ${unparsed} unparsed lines, scanners → ${[...scannerClient].map(([a, b]) => `${a}→${b}`).join(' ')}`,
  );

  const harCommit = sourceCommit(harSrc);
  const scanCommit = sourceCommit(scanSrc);
  const summary = writeDay(
    {
      out,
      id: DAY_ID,
      date: DATE,
      families: FAMILIES,
      builder: 'bench/detect/build/proxy-webscan.ts',
      sources: [
        {
          name: 'ocatak/apache-http-logs (Baş Seyyar, Çatak, Gül 2018): Apache access logs of Acunetix, Netsparker and w3af scans of DVWA/Joomla',
          url: 'https://github.com/ocatak/apache-http-logs',
          licence: 'no licence file; published as a public research dataset — cite the paper',
          citation:
            'M. Baş Seyyar, F. Ö. Çatak, E. Gül, "Detection of attack-targeted scans from the Apache HTTP Server access logs", Applied Computing and Informatics 14(1):28-36, 2018, doi:10.1016/j.aci.2017.04.002',
          files: SCAN_FILES,
          commit: scanCommit,
        },
        {
          name: 'rashnakumar96/Crux_Sites_Scrapper: HAR captures (headless Chromium via Playwright) of top CrUX sites, country AR',
          url: 'https://github.com/rashnakumar96/Crux_Sites_Scrapper',
          licence: 'no licence file in the repository; used for local benchmarking only, not redistributed',
          citation: 'R. Kumar, Crux_Sites_Scrapper, GitHub, data/har_files/AR (captured 2025-08)',
          files: [`data/har_files/AR/*.har (${loads.length} page loads)`],
          commit: harCommit,
        },
      ],
      notes: [
        `Benign: ${loads.length} real page loads (HAR; ${har.missing.length} HAR files absent from the snapshot, ≥4 MiB) with every`,
        'http(s) subresource the browser requested (CDNs, analytics, APIs, fonts, images): method, URL (host, path, query),',
        'User-Agent (the headless Chromium of the capture), Referer, status, MIME type, time taken, server address and sizes',
        'are the HAR values; entries with no response (status 0) and blob:/data: URLs are left out. Each page load is replayed',
        '1 + Poisson(0.6) times; each replay by one client drawn by activity weight at a start time drawn from an office-day',
        'hourly profile (HOURLY_WEIGHTS in proxy-common.ts), keeping the HAR offsets between its requests.',
        `Malicious: ${scanRows} real access-log lines of three scanner runs (each line is one request of the scanner): method,`,
        'path, query, status, response bytes, Referer, User-Agent and auth user as logged; times of day are the logged ones',
        "converted to UTC (the date is the scans' own, 2016-12-22). Host/server address is the scanned server 192.168.4.161",
        '(the address in the logged Referers; the log has no Host field), scheme http, port 80. Each scanner source address',
        '(4) is mapped to one distinct organisation client drawn with the same activity weights as benign visits.',
        'Family: the source labels rows only by scanner; the family is assigned by a fixed regex over the twice',
        'percent-decoded path and query names/values (familyOf in proxy-webscan.ts; first match: crlf_injection, jndi, xss,',
        'path_traversal, ssti, code_injection, sqli, cmd_injection, rfi), else web_scan (crawl, forced browsing, POSTs whose',
        'body is not logged).',
        `Synthesised (same for all rows): clients = 600 addresses in ${org.subnet} with log-normal activity weights;`,
        'webcat, authgroup, exceptionid, virusid, bcappname, bcappoper "-", filterresult OBSERVED, action TCP_HIT for 304 else',
        'TCP_NC_MISS. Only for fields a source lacks (the scan logs): content type from the path extension and status',
        '(contentTypeFor), duration drawn from the benign HAR durations, request bytes = request line + User-Agent + 250.',
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
