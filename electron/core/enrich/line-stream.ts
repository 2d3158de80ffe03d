// Streams a file line by line with each line's byte offset, so a big table can keep only offsets in memory
// and read a row back on demand. A synchronous callback per line keeps million-line files fast.
import { createReadStream } from 'node:fs';

export interface FileLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line start. */
  offset: number;
  /** Length in bytes, without the line ending. */
  length: number;
  text: string;
}

export async function forEachLine(path: string, onLine: (line: FileLine) => void): Promise<void> {
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = 0;
  let line = 0;
  const current: FileLine = { line: 0, offset: 0, length: 0, text: '' };
  const emit = (buffer: Buffer, start: number, newline: number, base: number): void => {
    const end = newline > start && buffer[newline - 1] === 13 ? newline - 1 : newline;
    current.line = ++line;
    current.offset = base + start;
    current.length = end - start;
    current.text = buffer.toString('utf8', start, end);
    onLine(current);
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buffer: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(10, start);
      if (newline < 0) break;
      emit(buffer, start, newline, carryOffset);
      start = newline + 1;
    }
    carry = buffer.subarray(start);
    carryOffset += start;
  }
  if (carry.length > 0) emit(carry, 0, carry.length, carryOffset);
}
