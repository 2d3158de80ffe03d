/** A file name from free text: letters, digits, dot, dash and underscore only. */
export function safeFileName(name: string, extension: string): string {
  const base =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 100) || 'export';
  return `${base}.${extension}`;
}
