function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** Bad input: always says where (file, line, field) so an analyst can fix the file. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    const where = [file, line !== null ? `line ${line}` : null, field !== null ? `field ${clip(field, 80)}` : null]
      .filter((part) => part !== null)
      .join(', ');
    // A problem quoting a 100 kB field would flood the UI and the logs: keep the start, say it was cut.
    super(`${where}: ${clip(problem, 500)}`);
    this.name = 'InputError';
  }
}

/** The user cancelled a job. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
