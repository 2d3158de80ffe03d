/**
 * The ids of a proxy row's word head and tail (words.ts proxyWordHead / proxyWordTail) in the scorer's interners,
 * without building and hashing the two strings per row: each is keyed by small numbers (the host's domain class,
 * the hour, the method, the URI entropy bin, the content type; the URI length bin and the response code) and its
 * string is built and interned only the first time a key is seen. Same ids in the same order as interning the
 * strings row by row: the first row of a string is the first row of one of its keys.
 */
import { Interner } from './corpus';
import {
  bin,
  entropy,
  ENTROPY_CUTS,
  log2i,
  proxyHour,
  proxyTopDomainClass,
  proxyWordHead,
  proxyWordTail,
  WORD_ERROR,
  type ProxyWordContext,
} from './words';

/** The fields of a row the head and tail are made of. */
export interface ProxyWordFields {
  host: string;
  pTime: string;
  reqmethod: string | null;
  fulluri: string;
  /** resconttype, null already read as "-". */
  resconttype: string;
  respcode: string | null;
}

/**
 * Distinct values of a key part the keys cover; past them a row's string is built (the slower, same path). Chosen so
 * that every key is a small integer (below 2^30: V8 hashes it without a heap number): 1,512 domain class × hour ×
 * entropy bin combinations × 256 methods × 2,048 content types; 21 URI length bins × 2^16 response codes.
 */
const METHOD_LIMIT = 1 << 8;
const CONTENT_TYPE_LIMIT = 1 << 11;
const RESPONSE_LIMIT = 1 << 16;

export class ProxyWordIds {
  private readonly domainClassOf = new Map<string, number>();
  private readonly methods = new Interner();
  private readonly contentTypes = new Interner();
  private readonly responses = new Interner();
  private readonly headOf = new Map<number, number>();
  private readonly tailOf = new Map<number, number>();

  constructor(
    private readonly ctx: ProxyWordContext,
    private readonly heads: Interner,
    private readonly tails: Interner,
  ) {}

  /** The head's id, or -1 for word_error (an hour that is not an int). */
  head(r: ProxyWordFields): number {
    const hour = proxyHour(r.pTime);
    if (Number.isNaN(hour)) return -1;
    const method = r.reqmethod === null ? 0 : this.methods.id(r.reqmethod) + 1;
    const contentType = this.contentTypes.id(r.resconttype);
    const entropyBin = bin(entropy(r.fulluri), ENTROPY_CUTS) + 1; // -1..19
    if (hour < 0 || hour > 23 || method >= METHOD_LIMIT || contentType >= CONTENT_TYPE_LIMIT) return this.headString(r);
    const key =
      (((this.domainClass(r.host) * 24 + hour) * 21 + entropyBin) * METHOD_LIMIT + method) * CONTENT_TYPE_LIMIT +
      contentType;
    let id = this.headOf.get(key);
    if (id === undefined) {
      id = this.headString(r);
      this.headOf.set(key, id);
    }
    return id;
  }

  tail(r: ProxyWordFields): number {
    const response = r.respcode === null ? 0 : this.responses.id(r.respcode) + 1;
    const lengthBin = log2i(r.fulluri.length);
    if (response >= RESPONSE_LIMIT || lengthBin > 20) return this.tails.id(proxyWordTail(r.fulluri, r.respcode));
    const key = lengthBin * RESPONSE_LIMIT + response;
    let id = this.tailOf.get(key);
    if (id === undefined) {
      id = this.tails.id(proxyWordTail(r.fulluri, r.respcode));
      this.tailOf.set(key, id);
    }
    return id;
  }

  private headString(r: ProxyWordFields): number {
    const head = proxyWordHead(
      { host: r.host, pTime: r.pTime, reqMethod: r.reqmethod, fullUri: r.fulluri, contentType: r.resconttype },
      this.ctx,
    );
    return head === WORD_ERROR ? -1 : this.heads.id(head);
  }

  private domainClass(host: string): number {
    let c = this.domainClassOf.get(host);
    if (c === undefined) {
      c = proxyTopDomainClass(host, this.ctx.safeDomains, this.ctx.topDomains);
      this.domainClassOf.set(host, c);
    }
    return c;
  }
}
