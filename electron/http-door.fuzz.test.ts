/**
 * Hostile requests against a real browser-mode door in its own process (issue #20): random methods, paths,
 * headers and bodies over raw sockets. Whatever arrives, the process stays up, every request gets an answer,
 * and no answer is a 5xx (a 500 would be a bug that random input found).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appAnswers,
  HOSTILE_PATH_PIECES,
  rawRequest,
  startDoorProcess,
  type DoorProcess,
} from '../test/fixtures/http-door-process';

let door: DoorProcess;
beforeAll(async () => {
  door = await startDoorProcess();
});
afterAll(async () => {
  await door?.stop();
});

const pathPiece = fc.oneof(
  fc.constantFrom(...HOSTILE_PATH_PIECES),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const requestPath = fc.oneof(
  fc.array(pathPiece, { maxLength: 8 }).map((pieces) => `/${pieces.join('')}`),
  fc.array(pathPiece, { maxLength: 6 }).map((pieces) => `/api/invoke/${pieces.join('')}`),
  fc.array(pathPiece, { maxLength: 4 }).map((pieces) => `http://127.0.0.1/${pieces.join('')}`),
  fc.string({ maxLength: 12 }),
);
const method = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'),
  fc.stringMatching(/^[A-Z]{1,8}$/),
);
const headerValue = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }));

interface Plan {
  method: string;
  path: string;
  rightHost: boolean;
  withToken: boolean;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  method,
  path: requestPath,
  rightHost: fc.boolean(),
  withToken: fc.boolean(),
  headers: fc.array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('origin', 'content-type', 'sec-fetch-site', 'x-spot-desk-token', 'cookie', 'accept', 'range'),
        fc.stringMatching(/^[a-zA-Z-]{1,12}$/).filter((name) => !/^(content-length|transfer-encoding)$/i.test(name)),
      ),
      fc.oneof(
        fc.constantFrom('application/json', 'same-origin', 'cross-site', 'none', 'http://127.0.0.1', 'null'),
        headerValue,
      ),
    ),
    { maxLength: 5 },
  ),
  body: fc.oneof(
    fc.json().map((text) => new TextEncoder().encode(text)),
    fc.string({ maxLength: 40 }).map((text) => new TextEncoder().encode(text)),
    fc.uint8Array({ maxLength: 64 }),
  ),
});

/** One request, framed by its Content-Length (framing errors are the corpus's job: test/hostile/http). */
function encode(p: Plan, door: DoorProcess): Buffer {
  const lines = [`${p.method} ${p.path} HTTP/1.1`, `Host: ${p.rightHost ? door.host : 'evil.example'}`];
  if (p.withToken) lines.push(`x-spot-desk-token: ${door.token}`);
  for (const [name, value] of p.headers) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${p.body.length}`, 'Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), p.body]);
}

describe('the HTTP door under random requests', () => {
  it('answers every request without a 5xx and the process stays up', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const answer = await rawRequest(door.port, encode(p, door));
        expect(door.alive(), `the door process died:\n${door.stderr()}`).toBe(true);
        expect(answer.status, `no answer to ${JSON.stringify(p.path)}`).not.toBeNull();
        expect(answer.status).toBeLessThan(500);
      }),
      // Once the process has died every later run fails too: report the first failure rather than shrink.
      { numRuns: 300, endOnFailure: true },
    );
    expect(await appAnswers(door)).toBe(true);
  });
});
