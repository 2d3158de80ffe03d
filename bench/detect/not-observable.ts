/**
 * Attack families a record of the pipeline cannot show: bench:detect reports them apart from the goal "every
 * attack family of a day with rows in its first 250" (their recall and first positions are still measured and
 * printed). The why is written out in bench/detect/README.md ("What flow records cannot show"); a family goes here
 * only when nothing in the record tells its rows from the benign ones around them, never because a detector misses it.
 */
import type { Pipeline } from '../../shared/schema';

export const NOT_OBSERVABLE: Readonly<Record<Pipeline, Readonly<Record<string, string>>>> = {
  flow: {
    privilege_escalation:
      'a setuid exploit typed inside an ordinary telnet/ftp session: the escalation is in the payload, the flow is the victim’s usual login',
  },
  dns: {},
  proxy: {},
};

/** Why the family is not observable in the pipeline's records, or undefined when it is. */
export function notObservable(pipeline: Pipeline, family: string): string | undefined {
  return NOT_OBSERVABLE[pipeline][family];
}

/** The goal "every attack family with rows in the first 250", counted over the families a record can show. */
export interface FamilyGoal {
  /** Observable families of the day with a row in the first 250 / all observable families of the day. */
  met: number;
  of: number;
  /** Observable families with no row in the first 250. */
  missing: string[];
  /** Families the pipeline's records cannot show, with why (reported apart, never counted as met or missed). */
  notObservable: Record<string, string>;
}

export function familyGoal(pipeline: Pipeline, in250: Readonly<Record<string, number>>): FamilyGoal {
  const goal: FamilyGoal = { met: 0, of: 0, missing: [], notObservable: {} };
  for (const [family, rows] of Object.entries(in250)) {
    const why = notObservable(pipeline, family);
    if (why !== undefined) goal.notObservable[family] = why;
    else {
      goal.of++;
      if (rows > 0) goal.met++;
      else goal.missing.push(family);
    }
  }
  return goal;
}
