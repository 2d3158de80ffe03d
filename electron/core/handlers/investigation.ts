import { join } from 'node:path';
import { ApiError } from '../../../shared/api';
import type { Cell } from '../../../shared/api-base';
import { hostClassifier, isInternalHost } from '../../../shared/host-class';
import type {
  ExpandedSearch,
  HomeLocation,
  StoryboardDetail,
  StoryboardEntry,
  investigationOps,
} from '../../../shared/ops/investigation';
import type { Pipeline } from '../../../shared/schema';
import type { CoreContext, HandlersOf } from '../context';
import type { OaRow } from '../cache/types';
import { dnsRcodeName, httpStatusName, registeredDomain } from '../enrich/index';
import { toCsv } from '../csv-writer';
import { safeFileName } from '../investigation/file-name';
import { loadStoryEnrichment, rawRoots, type StoryEnrichment } from '../investigation/enrichment';
import { firstItems, foldLoneByFinding, scoredReason, suspiciousReason } from '../investigation/candidates';
import { ingestRange, ingestSeries } from '../investigation/ingest';
import { isOutdatedSearch, runExpandedSearch } from '../investigation/search';
import { SavedRanges, SearchCache, type SearchKey } from '../investigation/search-cache';
import { anchorKind } from '../investigation/search-sql';
import {
  classifyPeers,
  connectionsFromTimeline,
  dnsDendroRows,
  dnsDomainTree,
  dnsLinks,
  dnsTimelineClusters,
  dnsTree,
  flowConnections,
  flowImpact,
  flowTimelineClusters,
  flowTimelineRows,
  flowTree,
  globeData,
  linkGlobe,
  proxyLinks,
  withHome,
  keepTopPeers,
  proxyProgression,
  proxyTimelineClusters,
  proxyTimelineRows,
  rowObjects,
} from '../investigation/shape';
import { profileOf } from '../profiles/index';
import { createLocalSource } from '../sources/local';
import { exportReport } from '../report/export';
import { buildReport, PIPELINE_REPORT, type ReportInput } from '../report/model';
import { userInfo } from 'node:os';

/** Items of the Most suspicious list, and the anchors read to fill them (a host's URIs fold into one item). */
const SUSPICIOUS_ITEMS = 60;
const SUSPICIOUS_ANCHORS = 2000;

/** The detail rows a saved threat keeps per type: flow and proxy timelines, the dns dendrogram. */
const THREAT_DETAIL_ROWS: Record<Pipeline, (anchor: string, search: ExpandedSearch) => Array<Record<string, Cell>>> = {
  flow: (anchor, search) => {
    const connections = flowConnections(search);
    return flowTimelineRows(anchor, connections, keepTopPeers(classifyPeers(anchor, connections)));
  },
  dns: (anchor, search) => dnsDendroRows(anchor, search),
  proxy: (anchor, search) => proxyTimelineRows(anchor, search, (code) => httpStatusName(code)),
};

/** The event a saved threat stands for, in scores-table columns: flow's busiest connection, dns's first
 * client/query pair, proxy's URI. */
const THREAT_EVENT: Record<Pipeline, (date: string, search: ExpandedSearch) => OaRow> = {
  flow: (date, { anchor, ...search }) => {
    const top = [...flowConnections(search)].sort((a, b) => b.connections - a.connections)[0];
    return {
      tstart: top?.firstSeen ?? date,
      srcip: top?.srcIp ?? anchor,
      dstip: top?.dstIp ?? '',
      sport: top?.srcPort ?? null,
      dport: top?.dstPort ?? null,
    };
  },
  dns: (_date, search) => {
    const { anchor, kind } = search;
    const first = rowObjects(search)[0];
    return {
      unix_tstamp: null,
      ip_dst: kind === 'ip' ? anchor : ((first?.clientIp as string | undefined) ?? ''),
      dns_qry_name: kind === 'query' ? anchor : ((first?.dnsQuery as string | undefined) ?? ''),
    };
  },
  proxy: (date, { anchor }) => ({ tdate: date, fulluri: anchor }),
};

export function investigationHandlers(ctx: CoreContext): HandlersOf<typeof investigationOps> {
  const { cache, jobs, paths } = ctx;
  const root = join(paths.dataDir, 'investigation');
  const searches = new SearchCache(root);
  const savedRanges = new SavedRanges(root);
  const running = new Map<string, string>();
  let enrichment: Promise<StoryEnrichment> | null = null;
  const story = (): Promise<StoryEnrichment> => (enrichment ??= loadStoryEnrichment(paths.settings, paths.sampleRoot));

  const keyOf = (pipeline: Pipeline, date: string, endDate: string | undefined, anchor: string): SearchKey => {
    const end = endDate ?? date;
    const [start, stop] = date <= end ? [date, end] : [end, date];
    return { pipeline, start, end: stop, anchor };
  };

  /** Where the map places an IP: internal hosts (the storyboard's one classification) at home when one is set. */
  const placeOf = (e: StoryEnrichment, home: HomeLocation | undefined) => {
    const geo = e.geo;
    return geo
      ? withHome(
          (ip) => geo.lookup(ip),
          home,
          (ip) => isInternalHost(ip, e.context),
        )
      : null;
  };

  /** What a saved threat's storyboard shows, per type: flow peers, tree, impact, globe and timeline; dns the query
   * tree; proxy the progression and timeline. Fills `detail` in place. */
  const STORY_DETAIL: Record<
    Pipeline,
    (at: {
      date: string;
      anchor: string;
      kind: StoryboardEntry['kind'];
      search: ExpandedSearch | null;
      home: HomeLocation | undefined;
      detail: StoryboardDetail;
    }) => Promise<void> | void
  > = {
    flow: async ({ date, anchor, search, home, detail }) => {
      const e = await story();
      const timelineRows = cache.investigation.read.flowTimeline(date, anchor);
      // The cached search has the real connection counts; the timeline table is what travels with the cache.
      const connections = search ? flowConnections(search) : connectionsFromTimeline(timelineRows);
      const peers = keepTopPeers(classifyPeers(anchor, connections));
      // One classification for the progression and the impact (and so for the exports, which draw both).
      const classOf = hostClassifier(e.context);
      detail.tree = flowTree(anchor, peers, classOf);
      detail.impact = flowImpact(peers, classOf);
      detail.globe = globeData(anchor, peers, placeOf(e, home));
      detail.timeline = flowTimelineClusters(anchor, connectionsFromTimeline(timelineRows));
    },
    dns: async ({ date, anchor, kind, search, home, detail }) => {
      const domainOf = (name: string) => {
        const domain = registeredDomain(name);
        return domain === 'None' ? '' : domain; // registeredDomain's "not a domain" answer (Spot's)
      };
      detail.tree = search
        ? dnsDomainTree(anchor, kind, search, domainOf)
        : dnsTree(anchor, kind, cache.investigation.read.dnsThreatDendro(date, anchor));
      // Map and timeline need the answers and the per-minute counts a search keeps since they were added.
      if (!search?.timeline) return;
      detail.timeline = dnsTimelineClusters(kind, search.timeline, domainOf, (code) => dnsRcodeName(code));
      const links = dnsLinks(search);
      const place = placeOf(await story(), home);
      // The threat's own addresses: the client, or the servers the name resolved to.
      detail.globe = linkGlobe(links, new Set(kind === 'ip' ? [anchor] : links.map((l) => l.to)), place);
    },
    proxy: async ({ date, anchor, search, home, detail }) => {
      detail.progression = search ? proxyProgression(anchor, search) : null;
      detail.timeline = proxyTimelineClusters(cache.investigation.read.proxyTimeline(date, anchor));
      if (!search) return;
      const links = proxyLinks(anchor, search);
      const place = placeOf(await story(), home);
      detail.globe = linkGlobe(links, new Set(links.map((l) => l.to)), place);
    },
  };

  /** The cached search of a saved threat, searched again (as a job the job bar shows) when an older version cached
   * it without what the storyboard now draws; kept as it is when the raw days are gone. */
  const localSources = () => rawRoots(paths.settings, paths.sampleRoot).map((r) => createLocalSource(r));

  async function savedSearch(key: SearchKey): Promise<ExpandedSearch | null> {
    const cached = await searches.get(key);
    if (!cached || !isOutdatedSearch(cached)) return cached;
    let fresh: ExpandedSearch | null = null;
    const job = jobs.start(
      'search',
      `Expanded search of ${key.anchor} again (cached by an older version)`,
      async (ctx) => {
        fresh = await runExpandedSearch(localSources(), key, ctx);
        await searches.put(key, fresh);
        return `${fresh.total} rows over ${fresh.days.length} day(s)`;
      },
    );
    await jobs.wait(job.id);
    return fresh ?? cached;
  }

  async function detailOf(
    pipeline: Pipeline,
    date: string,
    entry: StoryboardEntry,
    home?: HomeLocation,
  ): Promise<StoryboardDetail> {
    const { anchor, kind } = entry;
    const range = (await savedRanges.get(pipeline, date, anchor)) ?? { start: date, end: date };
    const search = await savedSearch({ pipeline, ...range, anchor });
    const detail: StoryboardDetail = { entry, tree: null, progression: null, impact: null, globe: null, timeline: [] };
    await STORY_DETAIL[pipeline]({ date, anchor, kind, search, home, detail });
    return detail;
  }

  /** A saved threat marks its anchor High: Spot's threat-investigation row, built as an analyst score's is. */
  function investigationRow(pipeline: Pipeline, date: string, search: ExpandedSearch): Record<string, Cell> {
    const matchedBy = search.kind === 'ip' ? 'ip' : search.kind === 'query' ? 'query' : 'both';
    return profileOf(pipeline).threatInvestigationRow({
      row: THREAT_EVENT[pipeline](date, search),
      score: 1,
      matchedBy,
    });
  }

  /** The analyst's name when the export does not give one: the account running the core. */
  function defaultAnalyst(): string {
    try {
      return userInfo().username || 'analyst';
    } catch {
      return 'analyst';
    }
  }

  async function reportInput(
    pipeline: Pipeline,
    date: string,
    anchor: string | undefined,
    tlp: ReportInput['tlp'],
    analyst: string | undefined,
    home: HomeLocation | undefined,
  ): Promise<ReportInput> {
    const entries = cache.investigation.read
      .storyboard(pipeline, date)
      .filter((e) => anchor === undefined || e.anchor === anchor);
    if (anchor !== undefined && entries.length === 0) {
      throw new ApiError('not-found', `no saved ${pipeline} threat ${anchor} on ${date}`);
    }
    // What else a threat's indicators need from the day, per type: a DNS client's flagged queries.
    const flagged: Record<Pipeline, (entry: StoryboardEntry) => string[]> = {
      flow: () => [],
      dns: (entry) => (entry.kind === 'ip' ? cache.investigation.read.flaggedDnsQueries(date, entry.anchor) : []),
      proxy: () => [],
    };
    const threats: ReportInput['threats'] = [];
    for (const entry of entries) {
      const range = (await savedRanges.get(pipeline, date, entry.anchor)) ?? { start: date, end: date };
      const search = await savedSearch({ pipeline, ...range, anchor: entry.anchor });
      threats.push({
        detail: await detailOf(pipeline, date, entry, home),
        evidence: search ? { columns: search.columns, rows: search.rows, total: search.total } : null,
        flaggedQueries: flagged[pipeline](entry),
      });
    }
    const day = cache.read.listDays(pipeline).find((d) => d.date === date);
    const sources = [
      `${PIPELINE_REPORT[pipeline].sources}${day ? ` of ${date}, ${day.rows.toLocaleString('en-US')} scored rows imported from ${day.source}` : ''}`,
    ];
    const classOf = hostClassifier((await story()).context);
    return {
      pipeline,
      date,
      classOf,
      generatedAt: new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
      analyst: analyst || defaultAnalyst(),
      tlp,
      sources,
      threats,
    };
  }

  return {
    'investigation.candidates': async ({ pipeline, date }) => {
      const saved = new Set(cache.investigation.read.storyboard(pipeline, date).map((e) => e.anchor));
      const scored = cache.investigation.read.scoredAnchors(pipeline, date);
      const scoredSet = new Set(scored.map((s) => s.anchor));
      return {
        scored: scored.map((a) => ({
          anchor: a.anchor,
          kind: a.kind,
          origin: 'scored' as const,
          saved: saved.has(a.anchor),
          rows: a.rows,
          reason: scoredReason(a.rows),
        })),
        suspicious: firstItems(
          foldLoneByFinding(
            cache.investigation.read
              .suspiciousAnchors(pipeline, date, SUSPICIOUS_ANCHORS)
              .filter((a) => !scoredSet.has(a.anchor)),
          ),
          SUSPICIOUS_ITEMS,
        ).map((a) => ({
          anchor: a.anchor,
          kind: a.kind,
          origin: 'suspicious' as const,
          saved: saved.has(a.anchor),
          rows: a.rows,
          reason: suspiciousReason(a),
          ...(a.group === null ? {} : { group: a.group }),
          ...(a.groupBy === undefined ? {} : { groupBy: a.groupBy }),
        })),
      };
    },

    'investigation.search': async ({ pipeline, date, endDate, anchor, refresh }) => {
      const key = keyOf(pipeline, date, endDate, anchor);
      const id = `${key.pipeline}\u0000${key.start}\u0000${key.end}\u0000${key.anchor}`;
      const runningId = running.get(id);
      const runningJob = runningId ? jobs.list().find((j) => j.id === runningId && j.status === 'running') : undefined;
      if (runningJob) return { job: runningJob, cached: false };
      if (!refresh && (await searches.get(key))) return { job: null, cached: true };
      const sources = localSources();
      const range = key.start === key.end ? key.start : `${key.start}..${key.end}`;
      const job = jobs.start('search', `Expanded search of ${anchor} (${pipeline}, ${range})`, async (job) => {
        const result = await runExpandedSearch(sources, key, job);
        await searches.put(key, result);
        return `${result.total} rows over ${result.days.length} day(s)`;
      });
      running.set(id, job.id);
      return { job, cached: false };
    },

    'investigation.result': async ({ pipeline, date, endDate, anchor }) =>
      searches.get(keyOf(pipeline, date, endDate, anchor)),

    'investigation.save': async ({ pipeline, date, endDate, anchor, title, text }) => {
      const key = keyOf(pipeline, date, endDate, anchor);
      const search = await searches.get(key);
      const kind = anchorKind(pipeline, anchor);
      if (!search) {
        // An edit of a saved threat's text needs no search (the storyboard's briefing editor).
        if (cache.investigation.write.updateText(pipeline, date, anchor, kind, title, text))
          return { anchor, kind, title, text };
        throw new ApiError('conflict', `run the expanded search of ${anchor} before saving it`);
      }
      const detailRows = THREAT_DETAIL_ROWS[pipeline](anchor, search);
      cache.investigation.write.saveThreat({
        pipeline,
        date,
        anchor,
        kind,
        title,
        text,
        investigationRow: investigationRow(pipeline, date, search),
        detailRows,
      });
      await savedRanges.put(pipeline, date, anchor, { start: key.start, end: key.end });
      return { anchor, kind, title, text };
    },

    'storyboard.list': async ({ pipeline, date }) => {
      // The storyboard is where reports are exported from: start the PDF engine now, in the background.
      if (ctx.warmPdfOnStoryboard) ctx.printPdf.warm();
      return cache.investigation.read.storyboard(pipeline, date);
    },

    'storyboard.detail': async ({ pipeline, date, anchor, home }) => {
      const entry = cache.investigation.read.storyboard(pipeline, date).find((e) => e.anchor === anchor);
      if (!entry) throw new ApiError('not-found', `no saved ${pipeline} threat ${anchor} on ${date}`);
      return detailOf(pipeline, date, entry, home);
    },

    'storyboard.delete': async ({ pipeline, date, anchor }) => ({
      deleted: cache.investigation.write.deleteThreat(pipeline, date, anchor, anchorKind(pipeline, anchor)),
    }),

    'ingest.series': async ({ pipeline, start, end }) => {
      const newest = cache.investigation.read.newestDay(pipeline) ?? new Date().toISOString().slice(0, 10);
      const [from, to] = ingestRange(start, end, newest);
      return {
        pipeline,
        start: from,
        end: to,
        points: ingestSeries(cache.read.ingestSummary(pipeline, from, to)),
      };
    },

    'export.storyboard': async ({ pipeline, date, anchor, format, tlp, analyst, home }) => {
      // A cold engine starts while the report is being built (a separate process: the two overlap).
      if (format === 'pdf') ctx.printPdf.warm();
      return exportReport(
        buildReport(await reportInput(pipeline, date, anchor, tlp, analyst, home)),
        format,
        anchor,
        ctx.printPdf,
      );
    },

    'export.csv': async ({ name, columns, rows }) => ({
      filename: safeFileName(name, 'csv'),
      mimeType: 'text/csv',
      base64: Buffer.from(toCsv(columns, rows)).toString('base64'),
    }),
  };
}
