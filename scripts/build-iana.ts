// Builds resources/iana/*.json, the code → name tables of the DNS and proxy enrichment
// (electron/core/enrich/iana.ts). Codes come from maintained sources — dns-packet's type, class and
// rcode tables and Node's http.STATUS_CODES — and are completed from the IANA registries
// (dns-parameters, http-status-codes) plus the few non-IANA codes Spot's tables carried.
// Names follow the IANA registry spelling that Spot showed analysts (`Internet (IN)`, `NXDomain`).
// Run: npx tsx scripts/build-iana.ts   (the JSON is committed; a test checks it is up to date)
import { writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type CodeNames = Record<string, string>;
interface NameTable {
  toString(code: number): string;
}

const require = createRequire(import.meta.url);
const dnsTypes = require('dns-packet/types.js') as NameTable;
const dnsClasses = require('dns-packet/classes.js') as NameTable;
const dnsRcodes = require('dns-packet/rcodes.js') as NameTable;

/** IANA DNS RR TYPEs (dns-parameters, "Resource Record (RR) TYPEs"). */
const IANA_TYPES: Array<[number, string]> = [
  [1, 'A'],
  [2, 'NS'],
  [3, 'MD'],
  [4, 'MF'],
  [5, 'CNAME'],
  [6, 'SOA'],
  [7, 'MB'],
  [8, 'MG'],
  [9, 'MR'],
  [10, 'NULL'],
  [11, 'WKS'],
  [12, 'PTR'],
  [13, 'HINFO'],
  [14, 'MINFO'],
  [15, 'MX'],
  [16, 'TXT'],
  [17, 'RP'],
  [18, 'AFSDB'],
  [19, 'X25'],
  [20, 'ISDN'],
  [21, 'RT'],
  [22, 'NSAP'],
  [23, 'NSAP-PTR'],
  [24, 'SIG'],
  [25, 'KEY'],
  [26, 'PX'],
  [27, 'GPOS'],
  [28, 'AAAA'],
  [29, 'LOC'],
  [30, 'NXT'],
  [31, 'EID'],
  [32, 'NIMLOC'],
  [33, 'SRV'],
  [34, 'ATMA'],
  [35, 'NAPTR'],
  [36, 'KX'],
  [37, 'CERT'],
  [38, 'A6'],
  [39, 'DNAME'],
  [40, 'SINK'],
  [41, 'OPT'],
  [42, 'APL'],
  [43, 'DS'],
  [44, 'SSHFP'],
  [45, 'IPSECKEY'],
  [46, 'RRSIG'],
  [47, 'NSEC'],
  [48, 'DNSKEY'],
  [49, 'DHCID'],
  [50, 'NSEC3'],
  [51, 'NSEC3PARAM'],
  [52, 'TLSA'],
  [53, 'SMIMEA'],
  [55, 'HIP'],
  [56, 'NINFO'],
  [57, 'RKEY'],
  [58, 'TALINK'],
  [59, 'CDS'],
  [60, 'CDNSKEY'],
  [61, 'OPENPGPKEY'],
  [62, 'CSYNC'],
  [63, 'ZONEMD'],
  [64, 'SVCB'],
  [65, 'HTTPS'],
  [66, 'DSYNC'],
  [67, 'HHIT'],
  [68, 'BRID'],
  [99, 'SPF'],
  [100, 'UINFO'],
  [101, 'UID'],
  [102, 'GID'],
  [103, 'UNSPEC'],
  [104, 'NID'],
  [105, 'L32'],
  [106, 'L64'],
  [107, 'LP'],
  [108, 'EUI48'],
  [109, 'EUI64'],
  [128, 'NXNAME'],
  [249, 'TKEY'],
  [250, 'TSIG'],
  [251, 'IXFR'],
  [252, 'AXFR'],
  [253, 'MAILB'],
  [254, 'MAILA'],
  [255, '*'],
  [256, 'URI'],
  [257, 'CAA'],
  [258, 'AVC'],
  [259, 'DOA'],
  [260, 'AMTRELAY'],
  [261, 'RESINFO'],
  [262, 'WALLET'],
  [263, 'CLA'],
  [264, 'IPN'],
  [32768, 'TA'],
  [32769, 'DLV'],
];

/** IANA DNS CLASSes, with the registry's long names (what Spot's dns-qclass.csv showed). */
const IANA_CLASSES: Array<[number, string, string | null]> = [
  [0, 'Reserved', null],
  [1, 'Internet (IN)', 'IN'],
  [2, 'Unassigned', 'CS'], // dns-packet still knows the obsolete CSNET class; IANA lists 2 as unassigned
  [3, 'Chaos (CH)', 'CH'],
  [4, 'Hesiod (HS)', 'HS'],
  [254, 'QCLASS NONE', null],
  [255, 'QCLASS * (ANY)', 'ANY'],
  [65535, 'Reserved', null],
];

/** IANA DNS RCODEs. 16 is BADVERS (OPT) and BADSIG (TSIG) in the registry. */
const IANA_RCODES: Array<[number, string]> = [
  [0, 'NoError'],
  [1, 'FormErr'],
  [2, 'ServFail'],
  [3, 'NXDomain'],
  [4, 'NotImp'],
  [5, 'Refused'],
  [6, 'YXDomain'],
  [7, 'YXRRSet'],
  [8, 'NXRRSet'],
  [9, 'NotAuth'],
  [10, 'NotZone'],
  [11, 'DSOTYPENI'],
  [16, 'BADVERS/BADSIG'],
  [17, 'BADKEY'],
  [18, 'BADTIME'],
  [19, 'BADMODE'],
  [20, 'BADNAME'],
  [21, 'BADALG'],
  [22, 'BADTRUNC'],
  [23, 'BADCOOKIE'],
];

/** HTTP codes Node does not name: IANA's 306 and the vendor codes Spot's http-rcode.csv listed. */
const HTTP_EXTRA: Array<[number, string]> = [
  [306, '(Unused)'],
  [420, 'Enhance Your Calm (Twitter)'],
  [444, 'No Response (Nginx)'],
  [449, 'Retry With (Microsoft)'],
  [450, 'Blocked by Windows Parental Controls (Microsoft)'],
  [499, 'Client Closed Request (Nginx)'],
  [598, 'Network read timeout error'],
  [599, 'Network connect timeout error'],
];

function assert(condition: boolean, message: string): void {
  if (!condition) throw new Error(`build-iana: ${message}`);
}

/** Every code dns-packet names, by scanning its lookup function over the 16-bit space. */
function dnsPacketCodes(table: NameTable, unknownPrefix: RegExp): Map<number, string> {
  const codes = new Map<number, string>();
  for (let code = 0; code <= 65535; code++) {
    const name = table.toString(code);
    if (!unknownPrefix.test(name)) codes.set(code, name);
  }
  return codes;
}

export function buildIanaTables(): {
  dnsType: CodeNames;
  dnsClass: CodeNames;
  dnsRcode: CodeNames;
  httpStatus: CodeNames;
} {
  // TYPE: dns-packet's mnemonics must agree with IANA's; IANA completes the list. `*` is shown as ANY.
  const types = new Map(IANA_TYPES);
  for (const [code, name] of dnsPacketCodes(dnsTypes, /^UNKNOWN_/)) {
    const iana = types.get(code);
    assert(iana === undefined || iana === name || (iana === '*' && name === 'ANY'), `type ${code}: ${name} vs ${iana}`);
    types.set(code, name);
  }
  types.set(255, 'ANY');
  const dnsType: CodeNames = { '-1': 'UNKNOWN' }; // Spot's "no type" marker (its table said "0")
  for (const [code, name] of [...types].sort((a, b) => a[0] - b[0])) dnsType[code] = name;

  // CLASS: dns-packet's codes, IANA's display names.
  const classes = new Map(IANA_CLASSES.map(([code, name, short]) => [code, { name, short }]));
  for (const [code, short] of dnsPacketCodes(dnsClasses, /^UNKNOWN_/)) {
    assert(classes.get(code)?.short === short, `class ${code}: dns-packet says ${short}`);
  }
  const dnsClass: CodeNames = {};
  for (const [code, { name }] of classes) dnsClass[code] = name;
  for (let code = 65280; code <= 65534; code++) dnsClass[code] = 'Reserved for Private Use';
  dnsClass['5'] = 'UNKNOWN'; // Spot's ingest marker rows (dns-qclass.csv: 5,unknown,UNKNOWN)
  dnsClass['unknown'] = 'UNKNOWN';

  // RCODE: dns-packet's 0–10 must match IANA's names ignoring case; IANA completes (11, 16–23).
  const rcodes = new Map(IANA_RCODES);
  for (const [code, name] of dnsPacketCodes(dnsRcodes, /^RCODE_/)) {
    assert(rcodes.get(code)?.toUpperCase() === name, `rcode ${code}: dns-packet says ${name}`);
  }
  const dnsRcode: CodeNames = { '-1': 'UNKNOWN' }; // Spot's "no rcode" marker, shown to analysts
  for (const [code, name] of rcodes) dnsRcode[code] = name;

  const http = new Map<number, string>(Object.entries(STATUS_CODES).map(([code, name]) => [Number(code), name ?? '']));
  for (const [code, name] of HTTP_EXTRA) if (!http.has(code)) http.set(code, name);
  const httpStatus: CodeNames = {};
  for (const [code, name] of [...http].sort((a, b) => a[0] - b[0])) httpStatus[code] = name;

  return { dnsType, dnsClass, dnsRcode, httpStatus };
}

export const IANA_FILES = {
  dnsType: 'resources/iana/dns-type.json',
  dnsClass: 'resources/iana/dns-class.json',
  dnsRcode: 'resources/iana/dns-rcode.json',
  httpStatus: 'resources/iana/http-status.json',
} as const;

export function formatTable(table: CodeNames): string {
  return JSON.stringify(table, null, 1) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tables = buildIanaTables();
  for (const key of Object.keys(IANA_FILES) as Array<keyof typeof IANA_FILES>) {
    writeFileSync(IANA_FILES[key], formatTable(tables[key]));
    console.log(`${IANA_FILES[key]}: ${Object.keys(tables[key]).length} codes`);
  }
}
