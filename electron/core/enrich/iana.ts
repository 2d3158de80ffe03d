// IANA code → name for DNS class/type/rcode and HTTP status (enrichment.md §5). The tables are bundled
// JSON (built by scripts/build-iana.ts), so nothing depends on the working directory: Spot read bare
// relative CSV paths and silently showed `Unknown (…)` everywhere when started from another folder.
import dnsClassTable from '../../../resources/iana/dns-class.json';
import dnsTypeTable from '../../../resources/iana/dns-type.json';
import dnsRcodeTable from '../../../resources/iana/dns-rcode.json';
import httpStatusTable from '../../../resources/iana/http-status.json';

type CodeNames = Record<string, string | undefined>;

const DECIMAL = /^[-+]?\d+(?:\.0*)?$/;
const HEX = /^0x[0-9a-f]+$/i;

/**
 * The table key of a code: decimal text of the number for decimal or `0x…` hex input (so `0x00000001`,
 * `1`, `1.0` and 1 all find class 1); any other text is looked up as given (lower-cased).
 */
function codeKey(code: number | string): string {
  if (typeof code === 'number') return String(code);
  const text = code.trim();
  if (HEX.test(text)) return String(parseInt(text, 16));
  if (DECIMAL.test(text)) return String(parseInt(text, 10));
  return text.toLowerCase();
}

function lookup(table: CodeNames, code: number | string): string {
  return table[codeKey(code)] ?? `Unknown (${typeof code === 'string' ? code.trim() : String(code)})`;
}

/** `1` or `0x00000001` → `Internet (IN)`; a miss → `Unknown (<key>)`. */
export function dnsClassName(cls: number | string): string {
  return lookup(dnsClassTable as CodeNames, cls);
}

/** `1` → `A`, `28` → `AAAA`, `255` → `ANY`, `-1` → `UNKNOWN`; a miss → `Unknown (<key>)`. */
export function dnsTypeName(type: number | string): string {
  return lookup(dnsTypeTable as CodeNames, type);
}

/** `0` → `NoError`, `3` → `NXDomain`, `-1` → `UNKNOWN`; a miss → `Unknown (<key>)`. */
export function dnsRcodeName(rcode: number | string): string {
  return lookup(dnsRcodeTable as CodeNames, rcode);
}

/** `200` → `OK`, `404` → `Not Found`; a miss → `Unknown (<key>)`. */
export function httpStatusName(code: number | string): string {
  return lookup(httpStatusTable as CodeNames, code);
}
