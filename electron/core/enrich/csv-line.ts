// One CSV line split into fields, RFC 4180 quoting (`"a, b"`, `""` for a quote). Used on hot paths
// (million-row geo files) where a full CSV parser per line would be too slow.

/** Splits one line; returns null when a quoted field is not closed. */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (i < n && line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return null;
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      fields.push(value);
      // Anything between the closing quote and the next comma is kept (lenient, like Python's csv).
      const comma = line.indexOf(',', j);
      if (comma < 0) {
        if (j < n) fields[fields.length - 1] += line.slice(j);
        return fields;
      }
      if (comma > j) fields[fields.length - 1] += line.slice(j, comma);
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}
