/** Bad input: always says where (file, line, field) so an analyst can fix the file. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    const where = [file, line !== null ? `line ${line}` : null, field !== null ? `field ${field}` : null]
      .filter((part) => part !== null)
      .join(', ');
    super(`${where}: ${problem}`);
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
