// `npm test`: typecheck, lint, unit and integration tests (vitest), then e2e tests (vitest + playwright-core in
// Debian's Chromium). Ends with one plain summary line `tests: N passed, M failed`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const steps = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  {
    name: 'unit',
    cmd: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json'],
    report: 'test-results/unit.json',
  },
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build:renderer'] },
  {
    name: 'e2e',
    cmd: [
      'npx',
      'vitest',
      'run',
      '--config',
      'e2e/vitest.config.ts',
      '--reporter=default',
      '--reporter=json',
      '--outputFile.json=test-results/e2e.json',
    ],
    report: 'test-results/e2e.json',
  },
];

fs.mkdirSync('test-results', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const failedSteps = [];
for (const step of steps) {
  if (step.report) fs.rmSync(step.report, { force: true });
  process.stderr.write(`\n=== ${step.name}: ${step.cmd.join(' ')}\n`);
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit' });
  if (step.report && fs.existsSync(step.report)) {
    const report = JSON.parse(fs.readFileSync(step.report, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (result.status !== 0) {
    failedSteps.push(step.name);
    // A failing check other than the test runs counts as one failure so the summary never hides it.
    if (!step.report) failed += 1;
    if (step.name === 'build') break;
  }
}
if (failedSteps.length) process.stderr.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failedSteps.length ? 1 : 0);
