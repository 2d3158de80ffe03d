/**
 * The sample organisation's network: internal hosts and servers, the sites users visit and where those sites
 * live on the internet. Built once from a seed; every generator draws its endpoints from here so the three
 * telemetry types agree (a proxied site's serverip is what DNS answered for its host, and so on).
 */
import type { Prng } from './prng';
import { WeightedPicker, hashString } from './prng';
import { SAMPLE_ORG } from './scenarios';

export interface Workstation {
  ip: string;
  user: string;
  userAgent: string;
  /** Relative activity (heavy users make more requests). */
  activity: number;
  site: 'hq' | 'branch' | 'vpn';
}

export type SiteKind =
  | 'search'
  | 'portal'
  | 'news'
  | 'cdn'
  | 'video'
  | 'social'
  | 'shop'
  | 'download'
  | 'tracking'
  | 'logistics'
  | 'api'
  | 'blog';

export interface Site {
  /** Registered domain, e.g. `google.com`. */
  domain: string;
  /** Host names served by the site. */
  hosts: readonly string[];
  kind: SiteKind;
  webcat: string;
  weight: number;
  /** In the sample's top-domains list (DNS and proxy words give it topDomain 1). */
  top: boolean;
  cidr: string;
}

export const SERVERS = {
  dc: ['10.1.0.10', '10.1.0.11'],
  dns: ['10.1.0.53', '10.1.0.54'],
  ntp: '10.1.0.123',
  proxies: ['10.1.1.10', '10.1.1.11'],
  mail: ['10.1.2.25', '10.1.2.26'],
  backup: '10.1.3.20',
  monitoring: '10.1.3.50',
  files: ['10.1.4.30', '10.1.4.31'],
  apps: ['10.1.5.10', '10.1.5.11', '10.1.5.12', '10.1.5.13', '10.1.5.14'],
  db: ['10.1.6.10', '10.1.6.11'],
  jump: '10.1.7.5',
  print: ['10.1.8.10'],
  vpnGateway: '172.16.10.5',
  dmzWeb: '172.16.10.20',
  dmzApi: '172.16.10.21',
  dmzMailRelay: '172.16.10.25',
  dmzSftp: '172.16.10.30',
  routers: { core: '10.0.0.1', dmz: '10.0.0.2', edge: '10.0.0.3' },
  proxyPort: 8080,
} as const;

/** Internal host names (for DNS and the network context file). */
export const SERVER_NAMES: Readonly<Record<string, string>> = {
  '10.1.0.10': 'dc01',
  '10.1.0.11': 'dc02',
  '10.1.0.53': 'ns1',
  '10.1.0.54': 'ns2',
  '10.1.0.123': 'ntp01',
  '10.1.1.10': 'proxy01',
  '10.1.1.11': 'proxy02',
  '10.1.2.25': 'exch01',
  '10.1.2.26': 'exch02',
  '10.1.3.20': 'backup01',
  '10.1.3.50': 'mon01',
  '10.1.4.30': 'fs01',
  '10.1.4.31': 'fs02',
  '10.1.5.10': 'erp01',
  '10.1.5.11': 'wms01',
  '10.1.5.12': 'tms01',
  '10.1.5.13': 'intranet',
  '10.1.5.14': 'jira',
  '10.1.6.10': 'sql01',
  '10.1.6.11': 'pg01',
  '10.1.7.5': 'jump01',
  '10.1.8.10': 'print01',
};

// Public ranges of real providers, so external peers look like what an analyst sees every day.
const SITE_TABLE = `
google.com 900 search Search_Engines/Portals top 142.250.0.0/15 www,apis,accounts,clients6
gstatic.com 500 cdn Content_Servers top 142.250.0.0/15 fonts,ssl,www
googleapis.com 450 api Content_Servers top 172.217.0.0/16 fonts,www,content,update
youtube.com 260 video Streaming_Media top 142.250.0.0/15 www,m
ytimg.com 200 cdn Content_Servers top 172.217.0.0/16 i,s
google-analytics.com 300 tracking Web_Ads/Analytics top 142.250.0.0/15 www,region1
googletagmanager.com 240 tracking Web_Ads/Analytics top 142.250.0.0/15 www
doubleclick.net 220 tracking Web_Ads/Analytics top 142.250.0.0/15 stats,securepubads,ad
microsoft.com 420 portal Technology/Internet top 20.70.0.0/16 www,learn,support,go
office.com 520 portal Office/Business_Applications top 52.96.0.0/14 www,outlook,portal
office365.com 480 portal Office/Business_Applications top 52.96.0.0/14 outlook,substrate
microsoftonline.com 380 api Office/Business_Applications top 20.190.128.0/18 login
sharepoint.com 320 portal Office/Business_Applications top 13.107.136.0/22 northwindtraders,northwindtraders-my
windowsupdate.com 160 download Software_Downloads top 13.107.4.0/24 download,ctldl
live.com 180 portal Technology/Internet top 13.107.42.0/24 login,www
bing.com 170 search Search_Engines/Portals top 13.107.21.0/24 www,th
linkedin.com 200 social Social_Networking top 13.107.42.0/24 www,static
github.com 140 portal Technology/Internet top 140.82.112.0/20 www,api
githubusercontent.com 80 cdn Content_Servers top 185.199.108.0/22 raw,avatars
stackoverflow.com 90 blog Technology/Internet top 151.101.0.0/16 www
amazon.com 130 shop Shopping top 54.239.28.0/24 www,images
amazonaws.com 150 api Technology/Internet top 52.216.0.0/15 s3,sqs.eu-west-1
cloudfront.net 260 cdn Content_Servers top 54.230.0.0/16 d1q6f0aelx0por,d3b8tnj6ts4g6z,dw4r3rvlhvv2d
akamaihd.net 210 cdn Content_Servers top 23.32.0.0/11 a248.e,fbcdn-photos
akamaized.net 160 cdn Content_Servers top 23.192.0.0/11 www,media
facebook.com 160 social Social_Networking top 157.240.0.0/16 www,graph
fbcdn.net 120 cdn Content_Servers top 157.240.0.0/16 static.xx,scontent.xx
x.com 90 social Social_Networking top 104.244.40.0/21 www,api
twimg.com 70 cdn Content_Servers top 104.244.40.0/21 abs,pbs
wikipedia.org 110 blog Reference top 208.80.152.0/22 en,www
wikimedia.org 70 cdn Content_Servers top 208.80.152.0/22 upload
nytimes.com 80 news News/Media top 151.101.0.0/16 www,static01
bbc.co.uk 80 news News/Media top 151.101.0.0/16 www,static
reuters.com 90 news News/Media top 151.101.0.0/16 www
cnn.com 60 news News/Media top 151.101.0.0/16 edition,www
salesforce.com 160 portal Office/Business_Applications top 13.108.0.0/14 northwind,login
zoom.us 90 portal Office/Business_Applications top 170.114.0.0/16 northwind,us02web
slack.com 110 portal Office/Business_Applications top 3.5.0.0/16 app,edgeapi
dropbox.com 60 portal Personal_Network_Storage top 162.125.0.0/16 www,dl
apple.com 70 portal Technology/Internet top 17.253.0.0/16 www,gs
icloud.com 40 portal Personal_Network_Storage top 17.248.128.0/18 www,p52-contacts
adobe.com 80 portal Technology/Internet top 23.32.0.0/11 www,ims-na1
okta.com 110 api Office/Business_Applications top 3.5.0.0/16 northwind
atlassian.net 120 portal Office/Business_Applications top 185.166.140.0/22 northwind
servicenow.com 90 portal Office/Business_Applications top 149.96.0.0/16 northwind
cloudflare.com 60 cdn Content_Servers top 104.16.0.0/13 cdnjs,www
jsdelivr.net 60 cdn Content_Servers top 151.101.0.0/16 cdn
yahoo.com 50 news News/Media top 98.136.0.0/14 www,finance
weather.com 40 news News/Media top 23.192.0.0/11 www
ups.com 120 logistics Business/Economy top 153.2.0.0/16 www,onlinetools
fedex.com 110 logistics Business/Economy top 199.81.0.0/16 www,api
dhl.com 100 logistics Business/Economy top 165.72.0.0/16 www,api-eu
maersk.com 70 logistics Business/Economy top 91.208.14.0/24 www,api
marinetraffic.com 40 logistics Business/Economy top 104.16.0.0/13 www
`;

const LONG_TAIL_WORDS_A = `harbor coastal summit pioneer granite evergreen crescent meridian atlas beacon cedar falcon
  northern prairie redwood silver tidewater union valley willow apex bluewater copper delta ember frontier`;
const LONG_TAIL_WORDS_B = `freight supply parts tools print office coffee travel news metrics labs media cargo pallet
  logistics trading foods design works market review journal forum partners systems`;
const LONG_TAIL_TLDS = ['com', 'com', 'com', 'net', 'org', 'co.uk', 'de', 'io', 'nl'];
const LONG_TAIL_KINDS: SiteKind[] = ['blog', 'news', 'shop', 'portal', 'blog', 'logistics'];
const LONG_TAIL_CATS = ['Business/Economy', 'News/Media', 'Shopping', 'Technology/Internet', 'Reference', 'Travel'];
// Generic hosting: Cloudflare, DigitalOcean, Hetzner, OVH, Squarespace, AWS EC2.
const HOSTING_CIDRS = [
  '104.21.0.0/16',
  '172.67.0.0/16',
  '167.99.0.0/16',
  '95.216.0.0/16',
  '51.38.0.0/16',
  '198.185.159.0/24',
  '3.120.0.0/14',
];

const FIRST_NAMES = `james mary john patricia robert jennifer michael linda david elizabeth william barbara richard
  susan joseph jessica thomas sarah charles karen daniel lisa matthew nancy anthony betty mark sandra paul ashley
  steven kimberly andrew emily kenneth donna joshua michelle kevin carol brian amanda george melissa timothy deborah
  ana pedro sofia lukas emma noah mia liam olivia elias lena jonas hannah`;
const LAST_NAMES = `smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
  gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez
  lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall
  rivera campbell mitchell carter roberts kowalski nowak muller schmidt jansen devries rossi bianchi`;

const BROWSER_AGENTS: readonly [string, number][] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    40,
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    12,
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    30,
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0', 8],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    6,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    4,
  ],
];

/** Agents of desktop apps that talk HTTP(S) through the proxy alongside the browser. */
export const APP_AGENTS: Readonly<Record<string, string>> = {
  teams:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0 Teams/24295.605.3225.8804',
  outlook: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)',
  onedrive: 'Microsoft SkyDriveSync 24.211.1020.0003 ship; Windows NT 10.0 (19045)',
  windowsUpdate: 'Microsoft-Delivery-Optimization/10.0',
  cryptoApi: 'Microsoft-CryptoAPI/10.0',
  zoom: 'Mozilla/5.0 (ZOOM.Win 10.0 x64)',
  slack:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.41.97 Chrome/130.0.6723.59 Electron/33.0.2 Safari/537.36 Sonic Slack_SSB/4.41.97',
};

export interface Topology {
  workstations: readonly Workstation[];
  /** HQ and branch workstations weighted by activity. */
  officePicker: WeightedPicker<Workstation>;
  vpnPicker: WeightedPicker<Workstation>;
  sites: readonly Site[];
  sitePicker: WeightedPicker<Site>;
  byIp: ReadonlyMap<string, Workstation>;
  /** Labels of the top domains (`google`, `microsoft`, …) for the word builders. */
  topDomainLabels: ReadonlySet<string>;
}

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return (((p[0] ?? 0) << 24) | ((p[1] ?? 0) << 16) | ((p[2] ?? 0) << 8) | (p[3] ?? 0)) >>> 0;
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A stable address inside `cidr` for `key` (never the network or broadcast address). */
export function addressIn(cidr: string, key: string): string {
  const [base, bitsText] = cidr.split('/');
  const size = 2 ** (32 - Number(bitsText));
  const offset = 1 + (hashString(key) % Math.max(1, size - 2));
  return intToIp((ipToInt(base ?? '0.0.0.0') + offset) >>> 0);
}

/** The addresses a host name resolves to (1–3, stable). */
export function addressesOf(site: Site, host: string): string[] {
  const count = 1 + (hashString(host) % 3);
  return Array.from({ length: count }, (_, i) => addressIn(site.cidr, `${host}#${i}`));
}

export function buildTopology(rng: Prng): Topology {
  const workstations: Workstation[] = [];
  const agentPicker = new WeightedPicker(
    BROWSER_AGENTS.map(([ua]) => ua),
    BROWSER_AGENTS.map(([, w]) => w),
  );
  const firstNames = FIRST_NAMES.trim().split(/\s+/);
  const lastNames = LAST_NAMES.trim().split(/\s+/);
  const usedUsers = new Set<string>();
  const newUser = (): string => {
    const base = `${rng.pick(firstNames)[0]}${rng.pick(lastNames)}`;
    let user = base;
    for (let n = 2; usedUsers.has(user); n++) user = `${base}${n}`;
    usedUsers.add(user);
    return user;
  };
  const add = (ip: string, site: Workstation['site']): void => {
    workstations.push({
      ip,
      user: newUser(),
      userAgent: agentPicker.pick(rng),
      activity: rng.logNormal(1, 0.8),
      site,
    });
  };
  for (let subnet = 1; subnet <= 12; subnet++) for (let h = 10; h < 190; h++) add(`10.10.${subnet}.${h}`, 'hq');
  for (const office of [10, 20, 30]) for (let h = 20; h < 140; h++) add(`192.168.${office}.${h}`, 'branch');
  for (let i = 0; i < 250; i++) add(intToIp(ipToInt('10.99.0.10') + i), 'vpn');
  // Scenario users keep their documented names (the proxy username column shows them).
  const byIp = new Map(workstations.map((w) => [w.ip, w]));
  const rename = (ip: string, user: string): void => {
    const w = byIp.get(ip);
    if (w) w.user = user;
  };
  rename('10.10.9.14', 'mgarcia');
  rename('10.10.3.88', 'dkowalski');

  const office = workstations.filter((w) => w.site !== 'vpn');
  const vpn = workstations.filter((w) => w.site === 'vpn');

  const sites: Site[] = [];
  for (const line of SITE_TABLE.trim().split('\n')) {
    const [domain, weight, kind, webcat, top, cidr, hosts] = line.trim().split(/\s+/);
    if (!domain || !weight || !kind || !webcat || !top || !cidr || !hosts) throw new Error(`bad site line ${line}`);
    sites.push({
      domain,
      weight: Number(weight),
      kind: kind as SiteKind,
      webcat: webcat.replace(/_/g, ' '),
      top: top === 'top',
      cidr,
      hosts: hosts.split(',').map((h) => `${h}.${domain}`),
    });
  }
  const wordsA = LONG_TAIL_WORDS_A.trim().split(/\s+/);
  const wordsB = LONG_TAIL_WORDS_B.trim().split(/\s+/);
  const seen = new Set<string>();
  for (let i = 0; sites.length < 60 + 320 && i < 5000; i++) {
    const domain = `${rng.pick(wordsA)}${rng.pick(wordsB)}.${rng.pick(LONG_TAIL_TLDS)}`;
    if (seen.has(domain)) continue;
    seen.add(domain);
    const kindIndex = rng.int(0, LONG_TAIL_KINDS.length - 1);
    sites.push({
      domain,
      // Zipf-like: a few long-tail sites are visited daily, most once or twice.
      weight: 25 / (1 + seen.size * 0.15),
      kind: LONG_TAIL_KINDS[kindIndex] as SiteKind,
      webcat: LONG_TAIL_CATS[kindIndex] as string,
      top: false,
      cidr: rng.pick(HOSTING_CIDRS),
      hosts: rng.chance(0.7) ? [`www.${domain}`] : [`www.${domain}`, `cdn.${domain}`],
    });
  }
  const topDomainLabels = new Set(sites.filter((s) => s.top).map((s) => s.domain.split('.')[0] as string));
  return {
    workstations,
    officePicker: new WeightedPicker(
      office,
      office.map((w) => w.activity),
    ),
    vpnPicker: new WeightedPicker(
      vpn,
      vpn.map((w) => w.activity),
    ),
    sites,
    sitePicker: new WeightedPicker(
      sites,
      sites.map((s) => s.weight),
    ),
    byIp,
    topDomainLabels,
  };
}

/** Internal DNS name of a server or workstation. */
export function internalName(ip: string): string {
  const server = SERVER_NAMES[ip];
  if (server) return `${server}.${SAMPLE_ORG.adDomain}`;
  return `ws-${ip.split('.').slice(1).join('-')}.${SAMPLE_ORG.adDomain}`;
}

/** The proxy a client is configured to use (stable per client; PAC-style split across the two proxies). */
export function proxyFor(clientIp: string): string {
  return SERVERS.proxies[hashString(clientIp) % 2] as string;
}
