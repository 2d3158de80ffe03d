import type { CsvValue } from '../csv-writer';

/** One raw row and the second of the day it happened at (rows are written in time order). */
export interface TimedRow {
  t: number;
  values: CsvValue[];
}
