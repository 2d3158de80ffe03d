// One network-context table for the three places Spot used three files (enrichment.md §2): flow's
// internal flags (ipranges.csv), the dns/proxy `network_context` label, and the flow storyboard context.
import { InputError } from '../errors';
import { readCsvLines } from './csv-file';
import { parseIp } from './ip';
import { parseIpKey } from './ip-key';
import { RangeTable, type RangeEntry } from './range-table';

export type ContextName = 'VPN' | 'DMZ' | 'Proxy' | 'FW' | '';

export interface NetworkContext {
  /** True when an ipranges.csv row covers the IP (flow `srcip_internal` / `dstip_internal`). */
  isInternal(ip: string): boolean;
  /** The description of the most specific entry covering the IP; '' on a miss. */
  label(ip: string): string;
  /** The storyboard's context class of the IP's label; '' when the IP has no label. */
  contextName(ip: string): ContextName;
  /** Number of entries loaded (all files). */
  readonly size: number;
}

interface ContextLabel {
  text: string;
}

const CONTEXT_NAMES: Array<Exclude<ContextName, ''>> = ['VPN', 'DMZ', 'Proxy', 'FW'];

/**
 * Spot's get_ctx_name(description.split('.')[0]): the first of VPN, DMZ, Proxy, FW found in the text
 * before its first dot, DMZ when none is. Matching here ignores case.
 */
export function contextNameOf(description: string): ContextName {
  if (description === '') return '';
  const head = (description.split('.')[0] as string).toLowerCase();
  return CONTEXT_NAMES.find((name) => head.includes(name.toLowerCase())) ?? 'DMZ';
}

class ContextTable implements NetworkContext {
  constructor(
    private readonly labels: RangeTable<ContextLabel>,
    private readonly internal: RangeTable<true>,
  ) {}

  get size(): number {
    return this.labels.size;
  }

  isInternal(ip: string): boolean {
    const parsed = parseIp(ip.trim());
    return parsed !== null && this.internal.lookup(parsed) === true;
  }

  label(ip: string): string {
    const parsed = parseIp(ip.trim());
    if (parsed === null) return '';
    return this.labels.lookup(parsed)?.text ?? '';
  }

  contextName(ip: string): ContextName {
    return contextNameOf(this.label(ip));
  }
}

export function emptyNetworkContext(): NetworkContext {
  return new ContextTable(new RangeTable([]), new RangeTable([]));
}

/**
 * ipranges.csv: no header (a first line whose first field is not an IP is taken as one),
 * `start_ip,end_ip[,label]`, inclusive.
 */
export async function readIpRanges(path: string): Promise<Array<RangeEntry<ContextLabel>>> {
  const entries: Array<RangeEntry<ContextLabel>> = [];
  const lines = await readCsvLines(path);
  lines.forEach(({ line, fields }, index) => {
    const startText = fields[0] ?? '';
    const start = parseIp(startText);
    if (start === null && index === 0) return; // a header line
    if (start === null) throw new InputError(path, line, 'start_ip', `"${startText}" is not an IP address`);
    const endText = fields[1] ?? '';
    if (fields.length < 2 || endText === '') throw new InputError(path, line, 'end_ip', 'missing');
    const end = parseIp(endText);
    if (end === null) throw new InputError(path, line, 'end_ip', `"${endText}" is not an IP address`);
    if (end.family !== start.family)
      throw new InputError(path, line, 'end_ip', `"${endText}" is not of the same IP family as "${startText}"`);
    if (end.value < start.value)
      throw new InputError(path, line, 'end_ip', `"${endText}" is lower than start_ip "${startText}"`);
    const text = fields.slice(2).join(', ').trim();
    entries.push({ family: start.family, start: start.value, end: end.value, value: { text } });
  });
  return entries;
}

/**
 * A context file: `ip,description` where ip is an IP, CIDR or `a-b` range. Spot skipped the first line as
 * a header; here the first line is skipped only when its key does not parse. Extra unquoted commas belong
 * to the description (Spot dropped every row that had exactly 2 columns).
 */
export async function readContextFile(path: string): Promise<Array<RangeEntry<ContextLabel>>> {
  const entries: Array<RangeEntry<ContextLabel>> = [];
  const lines = await readCsvLines(path);
  lines.forEach(({ line, fields }, index) => {
    const key = parseIpKey(fields[0] ?? '');
    if (typeof key === 'string') {
      if (index === 0) return; // a header line
      throw new InputError(path, line, 'ip', key);
    }
    const text = fields.slice(1).join(', ').trim();
    if (text === '') throw new InputError(path, line, 'description', 'missing');
    entries.push({ ...key, value: { text } });
  });
  return entries;
}

/**
 * Loads the context table. ipranges rows mark IPs internal and give their label (if any); context files
 * give labels. The most specific entry wins a label lookup; on equal width the later file/line wins.
 */
export async function loadNetworkContext(files: { ipranges?: string; context?: string[] }): Promise<NetworkContext> {
  const ranges = files.ipranges !== undefined ? await readIpRanges(files.ipranges) : [];
  const context: Array<RangeEntry<ContextLabel>> = [];
  for (const path of files.context ?? []) context.push(...(await readContextFile(path)));
  const labelled = [...ranges.filter((entry) => entry.value.text !== ''), ...context];
  const internal = ranges.map((entry): RangeEntry<true> => ({ ...entry, value: true }));
  return new ContextTable(new RangeTable(labelled), new RangeTable(internal));
}
