// Writing Spot's reputation label (enrichment.md §4): `service:TEXT:VALUE[:name|group;name|group]`, one per
// service, joined with `::`. The one parser of the label is shared/reputation-label.ts.

/** One service's part of a label. Colons would break the format, so they are dropped from the text. */
export function formatReputation(service: string, text: string, value: number, categories?: string): string {
  const clean = (part: string) => part.replace(/:/g, '');
  const base = `${clean(service)}:${clean(text)}:${value}`;
  return categories !== undefined && categories !== '' ? `${base}:${clean(categories)}` : base;
}
