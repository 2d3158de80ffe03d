/**
 * The figures the reliability scripts print, read back from their stdout: shared by `npm run bench` (scripts/bench.ts)
 * and `npm run bench:reliability` (bench/reliability.ts).
 */

export interface CrashFigures {
  runs: number;
  committed: number;
  corrupted: number;
  halfWritten: number;
}

/** scripts/crash-test.ts's summary line. */
export function parseCrashSummary(out: string): CrashFigures {
  const m =
    /crash test: (\d+) runs, (\d+) imports committed before the kill, (\d+) corrupted caches, (\d+) half-written days/.exec(
      out,
    );
  if (!m) throw new Error('no crash-test summary line');
  return { runs: Number(m[1]), committed: Number(m[2]), corrupted: Number(m[3]), halfWritten: Number(m[4]) };
}

/** scripts/feedback-soak.ts's JSON block of figures. */
export function parseSoakFigures(out: string): Record<string, unknown> {
  const start = out.indexOf('{');
  const end = out.indexOf('\n}');
  if (start < 0 || end < 0) throw new Error('no feedback-soak figures');
  return JSON.parse(out.slice(start, end + 2)) as Record<string, unknown>;
}
