/**
 * The hostile-input corpus (test/hostile/<format>/, one file per case with its expected outcome): every case of
 * every format, run against the real part that reads that format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFormats, decodeEscapes, loadCases, type HostileCase } from '../test/hostile/corpus';
import { appAnswers, rawRequest, startDoorProcess, type DoorProcess } from '../test/fixtures/http-door-process';

/** One runner per format folder; a folder without one fails below. */
const RUNNERS: Record<string, (cases: HostileCase[]) => void> = {
  http(cases) {
    let door: DoorProcess;
    beforeAll(async () => {
      door = await startDoorProcess();
    });
    afterAll(async () => {
      await door?.stop();
    });
    for (const c of cases) {
      it(`${c.name}: ${c.meta.expect}${c.meta.why ? ` (${c.meta.why})` : ''}`, async () => {
        const text = c.text.replaceAll('{host}', door.host).replaceAll('{token}', door.token);
        const answer = await rawRequest(door.port, decodeEscapes(text.replaceAll('\n', '\r\n')));
        expect(door.alive(), `the door process died:\n${door.stderr()}`).toBe(true);
        expect(answer.status, answer.text).toBe(Number(c.meta.expect));
        expect(await appAnswers(door)).toBe(true);
      });
    }
  },
};

for (const format of corpusFormats()) {
  describe(`hostile ${format} inputs`, () => {
    const runner = RUNNERS[format];
    if (!runner) {
      it('has a runner', () => expect.fail(`test/hostile/${format}/ has no runner in electron/hostile.test.ts`));
      return;
    }
    runner(loadCases(format));
  });
}
