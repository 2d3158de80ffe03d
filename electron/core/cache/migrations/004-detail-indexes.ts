import type { Migration } from './index';

// Indexes for the suspicious views' reads (cache/read-triage.ts): details of a selected row, chords of an IP,
// the dendrogram of a client, and a node's neighbours.
export const migration: Migration = {
  version: 4,
  name: 'detail-indexes',
  up(db) {
    db.exec(`CREATE INDEX flow_edge_minute ON flow_edge(day, hh, mn)`);
    db.exec(`CREATE INDEX flow_edge_src ON flow_edge(day, srcip)`);
    db.exec(`CREATE INDEX flow_edge_dst ON flow_edge(day, dstip)`);
    db.exec(`CREATE INDEX dns_edge_query ON dns_edge(day, hh, dns_qry_name)`);
    db.exec(`CREATE INDEX proxy_edge_uri ON proxy_edge(day, fulluri, clientip)`);
    db.exec(`CREATE INDEX flow_chords_ip ON flow_chords(day, ip_threat)`);
    db.exec(`CREATE INDEX dns_dendro_client ON dns_dendro(day, ip_dst)`);
  },
};
