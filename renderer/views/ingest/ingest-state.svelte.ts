/** The Ingest summary's state: the period as typed, the compare box, and the per-minute series read for them. */
import type { IngestSeries } from '../../../shared/ops/investigation';
import { PIPELINES, type Pipeline } from '../../../shared/schema';
import { invoke } from '../../lib/invoke';
import { periodRange, seriesTotal } from '../../models/ingest-chart';

export class IngestState {
  /** The period boxes as typed (YYYY-MM-DD or empty); after a read, the period the server used. */
  start = $state('');
  end = $state('');
  compare = $state(false);
  /** The shown pipeline's series first, then the others' when comparing. */
  series = $state.raw<IngestSeries[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);

  /** Records of the shown pipeline over the period. */
  readonly total = $derived(seriesTotal(this.series[0]));

  async load(pipeline: Pipeline): Promise<void> {
    const period = periodRange(this.start, this.end);
    if ('problem' in period) {
      this.error = period.problem;
      return;
    }
    this.loading = true;
    this.error = null;
    try {
      const first = await invoke('ingest.series', { pipeline, ...period.range });
      // The server fills defaults and swaps a reversed range; show what it used.
      this.start = first.start;
      this.end = first.end;
      const others = this.compare
        ? await Promise.all(
            PIPELINES.filter((p) => p !== pipeline).map((p) =>
              invoke('ingest.series', { pipeline: p, start: first.start, end: first.end }),
            ),
          )
        : [];
      this.series = [first, ...others];
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.loading = false;
    }
  }
}
