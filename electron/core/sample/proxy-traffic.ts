/**
 * Proxy rows (Spot's 28-column proxy table, Blue Coat style with SSL interception): users browsing through the
 * two proxies, desktop apps talking to their services, plus the malware download, its beacons and the
 * HTTP exfiltration scenario.
 */
import type { CsvValue } from '../csv-writer';
import { clockTime, isoDate, serverLoadCurve, userLoadCurve, type DayClock } from './day-clock';
import type { MinuteSource, TrafficArgs } from './flow-traffic';
import { Prng } from './prng';
import type { ProxyScenarioEvent } from './scenario-events';
import {
  EXFIL_CLIENT,
  EXFIL_HOST,
  EXFIL_SERVER,
  EXFIL_USER,
  MALWARE_BEACON_PATH,
  MALWARE_CLIENT,
  MALWARE_HOST,
  MALWARE_SERVER,
  MALWARE_URI,
  MALWARE_USER,
  SAMPLE_ORG,
} from './scenarios';
import { APP_AGENTS, addressesOf, type Site, type Workstation } from './topology';
import type { TimedRow } from './timed-row';

interface Request {
  t: number;
  clientip: string;
  username: string;
  host: string;
  method: string;
  useragent: string;
  ctype: string;
  durationMs: number;
  webcat: string;
  referer: string;
  respcode: number;
  scheme: 'http' | 'https';
  path: string;
  /** Without the leading `?`; empty for none. */
  query: string;
  serverip: string;
  scbytes: number;
  csbytes: number;
}

export function proxyRow(clock: DayClock, r: Request): TimedRow {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(r.path)?.[1] ?? '-';
  const query = r.query === '' ? '-' : `?${r.query}`;
  const denied = r.respcode === 403;
  const values: CsvValue[] = [
    isoDate(clock),
    clockTime(r.t),
    r.clientip,
    r.host,
    r.method,
    r.useragent,
    r.ctype,
    r.durationMs,
    r.username,
    r.username === '-' ? '-' : `${SAMPLE_ORG.netbios}\\Domain Users`,
    denied ? 'policy_denied' : '-',
    denied ? 'DENIED' : 'OBSERVED',
    r.webcat,
    r.referer,
    String(r.respcode),
    denied ? 'TCP_DENIED' : r.respcode === 304 ? 'TCP_HIT' : 'TCP_NC_MISS',
    r.scheme,
    r.scheme === 'https' ? '443' : '80',
    r.path,
    query,
    ext,
    r.serverip,
    r.scbytes,
    r.csbytes,
    '-',
    '-',
    '-',
    `${r.host}${r.path}${r.query === '' ? '' : `?${r.query}`}`,
  ];
  return { t: r.t, values };
}

const SEARCH_TERMS = [
  'incoterms 2020 fob vs cif',
  'container rates, rotterdam to shanghai',
  'excel vlookup multiple criteria',
  '"bill of lading" template',
  'pallet dimensions euro, us',
  'weather hamburg port',
  'teams meeting recording where saved',
  'how to reset okta mfa',
  'customs tariff code 8471',
  'fuel surcharge index november 2026',
  'jira filter "assignee = currentUser()"',
  'python csv quoting',
  'best lunch near office',
  'dhl express tracking, delayed',
  'sap vl02n change delivery',
];
const SLUG_WORDS = `market freight rates rise port strike ends shipping demand holiday season warehouse automation
  fuel prices trade talks supply chain outlook record volumes tariff update rail network delays container`
  .trim()
  .split(/\s+/);
const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const enc = (text: string): string => text.replace(/ /g, '+');

export function createProxySource(opts: TrafficArgs): MinuteSource {
  const { topology, clock, rng, scale, schedule } = opts;
  const userCurve = userLoadCurve();
  const serverCurve = serverLoadCurve();
  const userTotal = 92_000 * scale;
  const machineTotal = 8_000 * scale;
  const siteByDomain = new Map(topology.sites.map((s) => [s.domain, s]));
  const site = (domain: string): Site => {
    const found = siteByDomain.get(domain);
    if (!found) throw new Error(`sample site ${domain} missing`);
    return found;
  };
  const client = (t: number): Workstation => {
    const hour = t / 3600;
    return (rng.chance(hour >= 8 && hour < 18 ? 0.08 : 0.35) ? topology.vpnPicker : topology.officePicker).pick(rng);
  };
  const slug = (): string => Array.from({ length: rng.int(3, 7) }, () => rng.pick(SLUG_WORDS)).join('-');
  const searchReferer = (): string => {
    const term = rng.pick(SEARCH_TERMS);
    return `https://www.google.com/search?q=${enc(term)}`;
  };

  const status = (kind: 'page' | 'asset' | 'api'): number => {
    const x = rng.next();
    if (kind === 'asset' && x < 0.14) return 304;
    if (x < 0.025) return 404;
    if (x < 0.045) return 302;
    if (x < 0.05) return 403;
    if (x < 0.053) return 500;
    if (x < 0.055) return 503;
    return 200;
  };

  /** One browser request to a site: a page, or one of the assets/API calls a page pulls in. */
  const browse = (t: number, ws: Workstation, s: Site): Request => {
    const host = rng.pick(s.hosts);
    const serverip = rng.pick(addressesOf(s, host));
    const base = {
      t,
      clientip: ws.ip,
      username: ws.user,
      host,
      useragent: ws.userAgent,
      webcat: s.webcat,
      scheme: rng.chance(0.9) ? ('https' as const) : ('http' as const),
      serverip,
      durationMs: Math.round(rng.logNormal(110, 1.1)),
      csbytes: Math.round(rng.logNormal(900, 0.5)),
    };
    const page = `https://${s.hosts[0]}/`;
    const asset = (): Request => {
      const kind = rng.pick(['js', 'css', 'png', 'jpg', 'woff2', 'svg', 'gif']);
      const ctype = {
        js: 'application/javascript',
        css: 'text/css',
        png: 'image/png',
        jpg: 'image/jpeg',
        woff2: 'font/woff2',
        svg: 'image/svg+xml',
        gif: 'image/gif',
      }[kind] as string;
      const code = status('asset');
      return {
        ...base,
        method: 'GET',
        ctype,
        referer: page,
        respcode: code,
        path: `/${rng.pick(['static', 'assets', 'dist', 's'])}/${rng.chars(HEX, 8)}/${rng.pick(SLUG_WORDS)}.${kind}`,
        query: rng.chance(0.3) ? `v=${rng.chars(HEX, 10)}` : '',
        scbytes: code === 304 ? rng.int(180, 320) : Math.round(rng.logNormal(kind === 'jpg' ? 60000 : 18000, 1.0)),
      };
    };
    switch (s.kind) {
      case 'search': {
        const term = rng.pick(SEARCH_TERMS);
        if (rng.chance(0.5)) {
          return {
            ...base,
            method: 'GET',
            ctype: 'application/json',
            referer: page,
            respcode: 200,
            path: '/complete/search',
            query: `client=chrome-omni&q=${enc(term.slice(0, rng.int(3, term.length)))}`,
            scbytes: rng.int(400, 2400),
          };
        }
        if (rng.chance(0.4)) return asset();
        return {
          ...base,
          method: 'GET',
          ctype: 'text/html',
          referer: rng.chance(0.5) ? page : '-',
          respcode: status('page'),
          path: '/search',
          query: `q=${enc(term)}&rlz=1C1GCEU_enUS1100&oq=${enc(term.split(' ')[0] ?? term)}&sourceid=chrome&ie=UTF-8`,
          scbytes: Math.round(rng.logNormal(95000, 0.4)),
        };
      }
      case 'tracking':
        return {
          ...base,
          method: rng.chance(0.6) ? 'POST' : 'GET',
          ctype: rng.chance(0.5) ? 'image/gif' : 'text/plain',
          referer: `https://www.${rng.pick(topology.sites).domain}/`,
          respcode: 204,
          path: rng.pick(['/g/collect', '/collect', '/pagead/id', '/j/collect']),
          query: `v=2&tid=G-${rng.chars(ALNUM, 10).toUpperCase()}&cid=${rng.int(1e8, 2e9)}.${rng.int(1.7e9, 1.8e9)}&en=page_view`,
          scbytes: rng.int(0, 60),
        };
      case 'cdn':
        return asset();
      case 'video':
        if (rng.chance(0.5)) {
          return {
            ...base,
            method: 'GET',
            ctype: 'video/mp4',
            referer: page,
            respcode: 206,
            path: '/videoplayback',
            query: `expire=${clock.epoch + 86400}&id=o-${rng.chars(ALNUM, 20)}&itag=${rng.pick([18, 22, 137, 248])}&range=${rng.int(0, 9e6)}-${rng.int(9e6, 2e7)}`,
            scbytes: Math.round(rng.logNormal(1.5e6, 0.8)),
          };
        }
        return {
          ...base,
          method: 'GET',
          ctype: 'text/html',
          referer: searchReferer(),
          respcode: 200,
          path: '/watch',
          query: `v=${rng.chars(ALNUM, 11)}`,
          scbytes: Math.round(rng.logNormal(400000, 0.3)),
        };
      case 'api':
      case 'portal':
      case 'social': {
        if (rng.chance(0.25)) return asset();
        const post = rng.chance(0.35);
        const resource = rng.pick(['messages', 'events', 'items', 'notifications', 'search', 'presence', 'files']);
        return {
          ...base,
          method: post ? 'POST' : 'GET',
          ctype: 'application/json',
          referer: page,
          respcode: status('api'),
          path: `/api/v${rng.int(1, 3)}/${resource}`,
          query: post ? '' : `$top=${rng.pick([10, 25, 50])}&$skip=${rng.int(0, 4) * 25}&$filter=isRead eq false`,
          csbytes: post ? Math.round(rng.logNormal(2500, 0.8)) : base.csbytes,
          scbytes: Math.round(rng.logNormal(6000, 1.2)),
        };
      }
      case 'download':
        return {
          ...base,
          method: 'GET',
          ctype: rng.chance(0.6) ? 'application/vnd.ms-cab-compressed' : 'application/octet-stream',
          useragent: APP_AGENTS.windowsUpdate as string,
          referer: '-',
          respcode: rng.chance(0.8) ? 200 : 206,
          scheme: 'http',
          path: `/filestreamingservice/files/${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 12)}`,
          query: `P1=${clock.epoch + 7200}&P2=404&P3=2&P4=${rng.chars(ALNUM, 24)}`,
          scbytes: Math.round(rng.logNormal(3e6, 1.2)),
        };
      case 'logistics': {
        if (rng.chance(0.35)) return asset();
        const tracking = `1Z${rng.chars('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 16)}`;
        return {
          ...base,
          method: 'GET',
          ctype: rng.chance(0.5) ? 'text/html' : 'application/json',
          referer: rng.chance(0.3)
            ? `https://intranet.${SAMPLE_ORG.adDomain}/shipments?status="in transit",delayed`
            : page,
          respcode: status('page'),
          path: rng.chance(0.5) ? '/track' : `/api/shipments/${tracking}/status`,
          query: `tracknum=${tracking}&loc=en_US,de_DE`,
          scbytes: Math.round(rng.logNormal(24000, 0.9)),
        };
      }
      default: {
        // news, shop, blog: a page, and mostly the page's assets
        if (rng.chance(0.6)) return asset();
        return {
          ...base,
          method: 'GET',
          ctype: 'text/html',
          referer: rng.chance(0.5) ? searchReferer() : '-',
          respcode: status('page'),
          path:
            s.kind === 'shop'
              ? `/dp/B0${rng.chars('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ', 8)}`
              : `/2026/11/${rng.int(20, 24)}/${slug()}.html`,
          query: rng.chance(0.3) ? `utm_source=newsletter&utm_medium=email&utm_campaign=${rng.pick(SLUG_WORDS)}` : '',
          scbytes: Math.round(rng.logNormal(110000, 0.6)),
        };
      }
    }
  };

  /** Desktop apps and Windows itself: Teams, Outlook, OneDrive, Slack sync APIs and certificate list updates. */
  const machine = (t: number): Request => {
    const ws = client(t);
    const which = rng.pick(['teams', 'outlook', 'onedrive', 'cryptoApi', 'teams', 'outlook', 'slack']);
    const target = {
      teams: ['office.com', '/api/v2/presence', 'application/json'],
      outlook: ['office365.com', '/mapi/emsmdb/', 'application/mapi-http'],
      onedrive: ['sharepoint.com', '/_api/v2.1/drives/items/delta', 'application/json'],
      slack: ['slack.com', '/api/client.counts', 'application/json'],
      cryptoApi: [
        'windowsupdate.com',
        '/msdownload/update/v3/static/trustedr/en/authrootstl.cab',
        'application/vnd.ms-cab-compressed',
      ],
    }[which] as [string, string, string];
    const s = site(target[0]);
    const host = rng.pick(s.hosts);
    const cab = which === 'cryptoApi';
    return {
      t,
      clientip: ws.ip,
      username: ws.user,
      host: cab ? `ctldl.${s.domain}` : host,
      method: cab || rng.chance(0.5) ? 'GET' : 'POST',
      useragent: APP_AGENTS[which] as string,
      ctype: target[2],
      durationMs: Math.round(rng.logNormal(cab ? 60 : 180, 0.9)),
      webcat: s.webcat,
      referer: '-',
      respcode: cab && rng.chance(0.7) ? 304 : 200,
      scheme: cab ? 'http' : 'https',
      path: target[1],
      query: cab
        ? rng.chars(HEX, 16)
        : which === 'outlook'
          ? `mailboxId=${rng.chars(HEX, 8)}@${SAMPLE_ORG.domain}`
          : '',
      serverip: rng.pick(addressesOf(s, host)),
      scbytes: cab ? rng.int(200, 90000) : Math.round(rng.logNormal(3000, 1.0)),
      csbytes: Math.round(rng.logNormal(1200, 0.6)),
    };
  };

  const scenarioRng = new Prng(0x5eed_9a0c);
  const scenarioRequest = (event: ProxyScenarioEvent): Request => {
    const malware = {
      t: event.t,
      clientip: MALWARE_CLIENT,
      username: MALWARE_USER,
      host: MALWARE_HOST,
      webcat: 'Uncategorized',
      scheme: 'http' as const,
      serverip: MALWARE_SERVER,
      durationMs: scenarioRng.int(180, 420),
      csbytes: scenarioRng.int(380, 420),
    };
    switch (event.kind) {
      case 'lure':
        return {
          ...malware,
          method: 'GET',
          useragent: topology.byIp.get(MALWARE_CLIENT)?.userAgent ?? '-',
          ctype: 'text/html',
          referer: 'https://outlook.office365.com/',
          respcode: 200,
          path: '/flashplayer/update.html',
          query: 'src=mail&id=77120',
          scbytes: 14210,
        };
      case 'download':
        return {
          ...malware,
          method: 'GET',
          useragent: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.5007',
          ctype: 'application/octet-stream',
          referer: '-',
          respcode: 200,
          path: MALWARE_URI.slice(MALWARE_HOST.length),
          query: '',
          durationMs: 4210,
          scbytes: 2_381_112,
        };
      case 'beacon':
        return {
          ...malware,
          method: 'GET',
          useragent: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
          ctype: 'text/plain',
          referer: '-',
          respcode: 200,
          path: MALWARE_BEACON_PATH,
          query: `sid=8f14e45fceea167a&seq=${event.seq}`,
          scbytes: scenarioRng.int(118, 164),
        };
      default: {
        const exfil = {
          t: event.t,
          clientip: EXFIL_CLIENT,
          username: EXFIL_USER,
          host: EXFIL_HOST,
          useragent: 'curl/8.4.0',
          ctype: 'application/json',
          webcat: 'Uncategorized',
          referer: '-',
          scheme: 'https' as const,
          serverip: EXFIL_SERVER,
          scbytes: scenarioRng.int(180, 260),
        };
        const session = 'session=c2a9f1e07b3d4e51';
        if (event.kind === 'exfil-session') {
          return {
            ...exfil,
            method: 'POST',
            respcode: 201,
            path: '/api/v1/sessions',
            query: '',
            durationMs: 310,
            csbytes: 612,
          };
        }
        if (event.kind === 'exfil-complete') {
          return {
            ...exfil,
            method: 'POST',
            respcode: 200,
            path: '/upload/complete',
            query: `${session}&parts=48`,
            durationMs: 880,
            csbytes: 1080,
          };
        }
        const retry = event.kind === 'exfil-retry';
        return {
          ...exfil,
          method: 'POST',
          ctype: retry ? 'text/html' : exfil.ctype,
          respcode: retry ? 413 : 200,
          path: '/upload/chunk',
          query: `part=${event.seq}&${session}`,
          durationMs: scenarioRng.int(9000, 26000),
          csbytes: retry ? scenarioRng.int(12_000_000, 16_000_000) : scenarioRng.int(4_200_000, 8_300_000),
        };
      }
    }
  };
  const scenarioRows = schedule.proxy.map((e) => proxyRow(clock, scenarioRequest(e)));
  let scenarioIndex = 0;

  return {
    rowsForMinute(minute: number): TimedRow[] {
      const rows: TimedRow[] = [];
      const start = minute * 60;
      const draw = (expected: number): number => Math.floor(expected + rng.next());
      const users = draw(userTotal * (userCurve[minute] as number));
      // Page views come in small bursts: a page and a few of its resources, same user and site.
      let made = 0;
      while (made < users) {
        const t0 = start + rng.next() * 58;
        const ws = client(t0);
        const s = topology.sitePicker.pick(rng);
        const burst = Math.min(users - made, rng.int(1, 5));
        for (let i = 0; i < burst; i++)
          rows.push(proxyRow(clock, browse(Math.min(start + 59.99, t0 + i * 0.3), ws, s)));
        made += burst;
      }
      const machines = draw(machineTotal * (serverCurve[minute] as number));
      for (let i = 0; i < machines; i++) rows.push(proxyRow(clock, machine(start + rng.next() * 59.99)));
      while (scenarioIndex < scenarioRows.length && (scenarioRows[scenarioIndex] as TimedRow).t < start + 60) {
        rows.push(scenarioRows[scenarioIndex++] as TimedRow);
      }
      return rows;
    },
  };
}
