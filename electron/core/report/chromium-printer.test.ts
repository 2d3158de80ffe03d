// The shared headless Chromium of browser mode and the CLI: started once, reused, started again when it died,
// gone when the printer closes. Real Chromium; its processes are found with pgrep as children of this process.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumPrinter, findChromium, type ChromiumPrinter } from './chromium-printer';
import { printJob } from './pdf';

const job = printJob('<!doctype html><p>Отчёт 报告 report</p>', 'AMBER', 'test');

/** Chromium processes started by this test process (playwright spawns the browser as a direct child). */
function chromiumChildren(): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' });
    const engine = findChromium()!;
    return out
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((pid) => {
        try {
          return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).startsWith(engine);
        } catch {
          return false; // gone between pgrep and ps
        }
      });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

let printer: ChromiumPrinter | undefined;
afterEach(async () => {
  await printer?.close();
});

describe('shared Chromium printer', () => {
  it('starts Chromium once and reuses it for every print', async () => {
    printer = chromiumPrinter();
    expect(printer.launches).toBe(0);
    const first = await printer.print(job);
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    expect(printer.lastPhases?.launched).toBe(true);
    await printer.print(job);
    await printer.print(job);
    expect(printer.launches).toBe(1);
    expect(printer.lastPhases?.launched).toBe(false);
    expect(chromiumChildren()).toHaveLength(1);
  });

  it('warm() starts Chromium in the background, and the print after it does not start another', async () => {
    printer = chromiumPrinter();
    printer.warm();
    printer.warm();
    await printer.print(job);
    expect(printer.launches).toBe(1);
    expect(printer.lastPhases?.launched).toBe(false);
  });

  it('starts a new Chromium when the running one died', async () => {
    printer = chromiumPrinter();
    await printer.print(job);
    const [pid] = chromiumChildren();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    const after = await printer.print(job);
    expect(after.subarray(0, 5).toString()).toBe('%PDF-');
    expect(printer.launches).toBe(2);
    const now = chromiumChildren();
    expect(now).toHaveLength(1);
    expect(now).not.toContain(pid);
  });

  it('closes an idle Chromium and starts it again for the next print', async () => {
    printer = chromiumPrinter(process.env, { idleMs: 200 });
    await printer.print(job);
    for (let i = 0; i < 300 && chromiumChildren().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(chromiumChildren()).toEqual([]);
    expect(printer.launches).toBe(1);
    await printer.print(job);
    expect(printer.launches).toBe(2);
    expect(chromiumChildren()).toHaveLength(1);
  });

  it('leaves no Chromium process behind when closed, and prints no more after', async () => {
    printer = chromiumPrinter();
    await printer.print(job);
    expect(chromiumChildren()).toHaveLength(1);
    await printer.close();
    expect(chromiumChildren()).toEqual([]);
    await expect(printer.print(job)).rejects.toThrow(/the PDF printer was closed/);
    printer.warm();
    expect(printer.launches).toBe(1);
    expect(chromiumChildren()).toEqual([]);
  });

  it('closing while the warm-up is still starting Chromium still stops it', async () => {
    printer = chromiumPrinter();
    printer.warm();
    await printer.close();
    expect(printer.launches).toBe(1);
    expect(chromiumChildren()).toEqual([]);
  });

  it('a missing Chromium fails the print with what to install, and warm() does not throw', async () => {
    printer = chromiumPrinter({ CHROMIUM_PATH: join(tmpdir(), 'no-chromium-here') });
    printer.warm();
    await expect(printer.print(job)).rejects.toThrow(/PDF export needs Chromium and none was found/);
  });
});
