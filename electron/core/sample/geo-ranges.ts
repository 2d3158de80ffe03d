/**
 * Geolocation of every address range the sample uses, written as Spot's iploc.csv (enrichment.md §3) so the
 * globe and the geo columns work on the sample. Locations are the providers' headquarters or a plausible PoP;
 * the two documentation ranges used by the scenarios get fictional hosters.
 */
import { ipToInt } from './topology';

interface GeoRange {
  cidr: string;
  cc: string;
  country: string;
  state: string;
  city: string;
  lat: number;
  lon: number;
  owner: string;
  domain: string;
}

const US = ['US', 'United States'] as const;
const g = (
  cidr: string,
  [cc, country]: readonly [string, string],
  state: string,
  city: string,
  lat: number,
  lon: number,
  owner: string,
  domain: string,
): GeoRange => ({ cidr, cc, country, state, city, lat, lon, owner, domain });

const MOUNTAIN_VIEW = ['California', 'Mountain View', 37.422, -122.084, 'Google LLC', 'google.com'] as const;
const REDMOND = ['Washington', 'Redmond', 47.674, -122.121, 'Microsoft Corporation', 'microsoft.com'] as const;
const SAN_FRANCISCO = ['California', 'San Francisco', 37.775, -122.419] as const;
const ASHBURN = ['Virginia', 'Ashburn', 39.044, -77.488] as const;

/** Nested ranges may appear; the outer one wins (iploc rows must not overlap). */
export const SAMPLE_GEO_RANGES: readonly GeoRange[] = [
  // The organisation (HQ Seattle; branch offices; DMZ at HQ).
  g('10.0.0.0/8', US, 'Washington', 'Seattle', 47.606, -122.332, 'Northwind Traders', 'northwindtraders.com'),
  g('172.16.0.0/12', US, 'Washington', 'Seattle', 47.606, -122.332, 'Northwind Traders', 'northwindtraders.com'),
  g(
    '192.168.10.0/24',
    ['NL', 'Netherlands'],
    'South Holland',
    'Rotterdam',
    51.922,
    4.479,
    'Northwind Traders',
    'northwindtraders.com',
  ),
  g(
    '192.168.20.0/24',
    ['DE', 'Germany'],
    'Hamburg',
    'Hamburg',
    53.551,
    9.994,
    'Northwind Traders',
    'northwindtraders.com',
  ),
  g(
    '192.168.30.0/24',
    ['BE', 'Belgium'],
    'Antwerp',
    'Antwerp',
    51.219,
    4.402,
    'Northwind Traders',
    'northwindtraders.com',
  ),
  // Sites and services.
  g('142.250.0.0/15', US, ...MOUNTAIN_VIEW),
  g('172.217.0.0/16', US, ...MOUNTAIN_VIEW),
  g('209.85.128.0/17', US, ...MOUNTAIN_VIEW),
  g('8.8.8.0/24', US, ...MOUNTAIN_VIEW),
  g('8.8.4.0/24', US, ...MOUNTAIN_VIEW),
  g('13.107.0.0/16', US, ...REDMOND),
  g('20.70.0.0/16', US, ...REDMOND),
  g('20.190.128.0/18', US, ...REDMOND),
  g('40.126.0.0/18', US, ...REDMOND),
  g('52.96.0.0/14', US, ...REDMOND),
  g('52.100.0.0/14', US, ...REDMOND),
  g('40.107.0.0/16', US, ...REDMOND),
  g('20.42.0.0/16', US, 'Virginia', 'Boydton', 36.668, -78.388, 'Microsoft Corporation', 'microsoft.com'),
  g(
    '52.112.0.0/14',
    ['NL', 'Netherlands'],
    'North Holland',
    'Amsterdam',
    52.374,
    4.89,
    'Microsoft Corporation',
    'microsoft.com',
  ),
  g('140.82.112.0/20', US, ...SAN_FRANCISCO, 'GitHub, Inc.', 'github.com'),
  g('185.199.108.0/22', US, ...SAN_FRANCISCO, 'GitHub, Inc.', 'github.com'),
  g('151.101.0.0/16', US, ...SAN_FRANCISCO, 'Fastly, Inc.', 'fastly.com'),
  g('104.16.0.0/13', US, ...SAN_FRANCISCO, 'Cloudflare, Inc.', 'cloudflare.com'),
  g('172.67.0.0/16', US, ...SAN_FRANCISCO, 'Cloudflare, Inc.', 'cloudflare.com'),
  g('1.1.1.0/24', US, ...SAN_FRANCISCO, 'Cloudflare, Inc.', 'cloudflare.com'),
  g('104.244.40.0/21', US, ...SAN_FRANCISCO, 'X Corp.', 'x.com'),
  g('13.108.0.0/14', US, ...SAN_FRANCISCO, 'Salesforce, Inc.', 'salesforce.com'),
  g('162.125.0.0/16', US, ...SAN_FRANCISCO, 'Dropbox, Inc.', 'dropbox.com'),
  g('54.239.28.0/24', US, ...ASHBURN, 'Amazon.com, Inc.', 'amazon.com'),
  g('52.216.0.0/15', US, ...ASHBURN, 'Amazon.com, Inc.', 'amazon.com'),
  g('3.5.0.0/16', US, ...ASHBURN, 'Amazon.com, Inc.', 'amazon.com'),
  g('54.230.0.0/16', US, 'Washington', 'Seattle', 47.606, -122.332, 'Amazon CloudFront', 'amazon.com'),
  g('3.120.0.0/14', ['DE', 'Germany'], 'Hesse', 'Frankfurt am Main', 50.11, 8.682, 'Amazon.com, Inc.', 'amazon.com'),
  g('208.80.152.0/22', US, ...ASHBURN, 'Wikimedia Foundation', 'wikimedia.org'),
  g('23.32.0.0/11', US, 'Massachusetts', 'Cambridge', 42.373, -71.11, 'Akamai Technologies', 'akamai.com'),
  g('23.192.0.0/11', US, 'Massachusetts', 'Cambridge', 42.373, -71.11, 'Akamai Technologies', 'akamai.com'),
  g('157.240.0.0/16', US, 'California', 'Menlo Park', 37.453, -122.182, 'Meta Platforms, Inc.', 'facebook.com'),
  g('170.114.0.0/16', US, 'California', 'San Jose', 37.339, -121.895, 'Zoom Video Communications', 'zoom.us'),
  g('17.253.0.0/16', US, 'California', 'Cupertino', 37.323, -122.032, 'Apple Inc.', 'apple.com'),
  g('17.248.128.0/18', US, 'California', 'Cupertino', 37.323, -122.032, 'Apple Inc.', 'apple.com'),
  g(
    '185.166.140.0/22',
    ['AU', 'Australia'],
    'New South Wales',
    'Sydney',
    -33.869,
    151.209,
    'Atlassian',
    'atlassian.com',
  ),
  g('149.96.0.0/16', US, 'California', 'Santa Clara', 37.354, -121.955, 'ServiceNow, Inc.', 'servicenow.com'),
  g('98.136.0.0/14', US, 'California', 'Sunnyvale', 37.369, -122.036, 'Yahoo Inc.', 'yahoo.com'),
  g('153.2.0.0/16', US, 'Georgia', 'Atlanta', 33.749, -84.388, 'United Parcel Service', 'ups.com'),
  g('199.81.0.0/16', US, 'Tennessee', 'Memphis', 35.149, -90.049, 'FedEx', 'fedex.com'),
  g(
    '165.72.0.0/16',
    ['DE', 'Germany'],
    'North Rhine-Westphalia',
    'Bonn',
    50.737,
    7.098,
    'Deutsche Post DHL',
    'dhl.com',
  ),
  g(
    '91.208.14.0/24',
    ['DK', 'Denmark'],
    'Capital Region',
    'Copenhagen',
    55.676,
    12.568,
    'A.P. Moller-Maersk',
    'maersk.com',
  ),
  g('9.9.9.0/24', ['CH', 'Switzerland'], 'Zurich', 'Zurich', 47.377, 8.541, 'Quad9', 'quad9.net'),
  // Generic hosting of the long-tail sites.
  g('167.99.0.0/16', US, 'New York', 'New York', 40.713, -74.006, 'DigitalOcean, LLC', 'digitalocean.com'),
  g('95.216.0.0/16', ['FI', 'Finland'], 'Uusimaa', 'Helsinki', 60.17, 24.938, 'Hetzner Online GmbH', 'hetzner.com'),
  g('51.38.0.0/16', ['FR', 'France'], 'Hauts-de-France', 'Roubaix', 50.69, 3.174, 'OVH SAS', 'ovh.com'),
  g('198.185.159.0/24', US, 'New York', 'New York', 40.713, -74.006, 'Squarespace, Inc.', 'squarespace.com'),
  g('185.12.80.0/22', ['DE', 'Germany'], 'Berlin', 'Berlin', 52.52, 13.405, 'Mail hosting provider', '-'),
  // Consumer ISPs (VPN users at home, visitors of the public web site).
  g('73.0.0.0/8', US, 'Illinois', 'Chicago', 41.878, -87.63, 'Comcast Cable Communications', 'comcast.net'),
  g('24.0.0.0/8', US, 'Texas', 'Dallas', 32.777, -96.797, 'Charter Communications', 'spectrum.com'),
  g('71.160.0.0/11', US, 'California', 'Los Angeles', 34.052, -118.244, 'Verizon Business', 'verizon.com'),
  g(
    '86.128.0.0/10',
    ['GB', 'United Kingdom'],
    'England',
    'London',
    51.507,
    -0.128,
    'British Telecommunications',
    'bt.com',
  ),
  g('2.24.0.0/13', ['GB', 'United Kingdom'], 'England', 'Manchester', 53.481, -2.243, 'Sky UK Limited', 'sky.com'),
  g('81.2.0.0/16', ['NL', 'Netherlands'], 'South Holland', 'Rotterdam', 51.922, 4.479, 'KPN B.V.', 'kpn.com'),
  // Scenario infrastructure (documentation ranges; fictional owners).
  g(
    '203.0.113.0/24',
    ['MD', 'Moldova'],
    'Chisinau',
    'Chisinau',
    47.011,
    28.863,
    'Stark Bulletproof Hosting (fictional)',
    '-',
  ),
  g('198.51.100.0/24', ['SC', 'Seychelles'], 'Mahe', 'Victoria', -4.62, 55.455, 'Offshore VPS Ltd (fictional)', '-'),
];

function bounds(cidr: string): [number, number] {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base ?? '') / size) * size;
  return [start, start + size - 1];
}

/** iploc.csv: no header, every field double-quoted, sorted by range start, no overlaps (outer ranges win). */
export function iplocCsv(): string {
  const rows = SAMPLE_GEO_RANGES.map((r) => ({ r, b: bounds(r.cidr) })).sort(
    (x, y) => x.b[0] - y.b[0] || y.b[1] - x.b[1],
  );
  const out: string[] = [];
  let lastEnd = -1;
  for (const { r, b } of rows) {
    if (b[0] <= lastEnd) continue;
    lastEnd = b[1];
    const fields = [b[0], b[1], r.cc, r.country, r.state, r.city, r.lat, r.lon, r.owner, r.domain];
    out.push(fields.map((f) => `"${String(f).replace(/"/g, '""')}"`).join(',') + '\n');
  }
  return out.join('');
}
