/**
 * The lines of a file in order, read in large blocks: each line's bytes are found without decoding it, and decoded
 * (UTF-8, a final CR dropped) only when asked for, so a reader that wants a few lines of a large file pays for the
 * others only the search for their line feeds. A last line without a line feed is a line; nothing after the last
 * line feed is none.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { CancelledError } from '../errors';

const LF = 0x0a;
const CR = 0x0d;

export class LineReader {
  private buffer = Buffer.alloc(4 << 20);
  private filled = 0;
  private eof = false;
  private start = 0;
  private end = 0;
  /** Where the next line starts. */
  private after = 0;
  private readonly fd: number;

  constructor(
    path: string,
    private readonly signal?: AbortSignal,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** Moves to the next line; false at the end of the file. */
  next(): boolean {
    for (;;) {
      let lf = this.buffer.indexOf(LF, this.after);
      if (lf >= this.filled) lf = -1;
      if (lf >= 0) {
        this.start = this.after;
        this.end = lf;
        this.after = lf + 1;
        return true;
      }
      if (this.eof) {
        if (this.after >= this.filled) return false;
        this.start = this.after;
        this.end = this.filled;
        this.after = this.filled;
        return true;
      }
      this.fill();
    }
  }

  /** The current line's text (UTF-8), without a final CR. */
  text(): string {
    const end = this.end > this.start && this.buffer[this.end - 1] === CR ? this.end - 1 : this.end;
    return this.buffer.toString('utf8', this.start, end);
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Keeps the partial line at the front and reads on behind it (the buffer grows for a line longer than it). */
  private fill(): void {
    if (this.signal?.aborted) throw new CancelledError();
    this.buffer.copy(this.buffer, 0, this.after, this.filled);
    this.filled -= this.after;
    this.after = 0;
    if (this.filled === this.buffer.length)
      this.buffer = Buffer.concat([this.buffer, Buffer.alloc(this.buffer.length)]);
    const got = readSync(this.fd, this.buffer, this.filled, this.buffer.length - this.filled, null);
    if (got === 0) this.eof = true;
    this.filled += got;
  }
}
