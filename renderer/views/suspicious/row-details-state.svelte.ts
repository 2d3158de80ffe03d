/** What the details panel shows of the active row, read from the core: its edge rows and, for the second tab, the
 * chord (flow) or dendrogram (dns) of an IP. Each read answers only the latest question (a quick j/k through rows
 * must not let an old answer land on a newer row). */
import type { Pipeline } from '../../../shared/schema';
import type { ChordData, DendroData, DetailRows } from '../../../shared/ops/triage';
import type { PipelineProfile } from '../../../shared/pipeline-profile';
import { invoke } from '../../lib/invoke';

export class RowDetailsState {
  details = $state.raw<DetailRows | null>(null);
  detailsError = $state<string | null>(null);
  chords = $state.raw<ChordData | null>(null);
  dendro = $state.raw<DendroData | null>(null);
  peersError = $state<string | null>(null);
  private rowAsked = 0;
  private peersAsked = 0;

  constructor(
    readonly pipeline: Pipeline,
    readonly date: string,
  ) {}

  /** Reads the edge rows of the row at `index` (none: clears them). */
  async showRow(index: number | undefined): Promise<void> {
    const asked = ++this.rowAsked;
    this.details = null;
    this.detailsError = null;
    if (index === undefined) return;
    try {
      const details = await invoke('details.rows', { pipeline: this.pipeline, date: this.date, row: index });
      if (asked === this.rowAsked) this.details = details;
    } catch (err) {
      if (asked === this.rowAsked) this.detailsError = (err as Error).message;
    }
  }

  /** Reads the second tab's drawing for `ip`: a chord or a dendrogram as the profile says; a request needs none. */
  async showPeers(ip: string | null, kind: PipelineProfile['peers']['kind']): Promise<void> {
    const asked = ++this.peersAsked;
    this.chords = null;
    this.dendro = null;
    this.peersError = null;
    if (!ip || kind === 'request') return;
    try {
      if (kind === 'chord') {
        const chords = await invoke('chords.get', { date: this.date, ip });
        if (asked === this.peersAsked) this.chords = chords;
      } else {
        const dendro = await invoke('dendro.get', { date: this.date, ip });
        if (asked === this.peersAsked) this.dendro = dendro;
      }
    } catch (err) {
      if (asked === this.peersAsked) this.peersError = (err as Error).message;
    }
  }
}
