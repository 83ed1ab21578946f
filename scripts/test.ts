/**
 * `npm test`: the checks, then the tests (`npm test -- <vitest args>` passes them to vitest).
 *
 * The checks (lint, both typechecks, the generated API types, the web build) only read the
 * sources, and the one that writes (vite → dist/web) writes what no other check reads, so
 * they run at once: on CI's 2 cores ~45 s instead of ~95 s one after another. The web build
 * is `vite build` alone: `gen:api -- --check` beside it proves schema.gen.ts current, so
 * build:web's regeneration would rewrite the same file (while lint and tsc read it).
 * Each check's output is printed whole when it ends, never interleaved; any failure stops
 * the run with exit 1 before vitest, as the `&&` chain this replaces did.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name);

interface Step {
  name: string;
  command: string;
  args: string[];
}

const CHECKS: Step[] = [
  { name: 'lint', command: bin('eslint'), args: ['.'] },
  { name: 'typecheck (server)', command: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: 'typecheck (web)', command: bin('tsc'), args: ['--noEmit', '-p', 'web/tsconfig.json'] },
  { name: 'gen:api --check', command: bin('tsx'), args: ['scripts/gen-api.ts', '--check'] },
  { name: 'build:web', command: bin('vite'), args: ['build', '--config', 'web/vite.config.ts'] },
];

interface Outcome {
  step: Step;
  code: number;
  output: string;
  seconds: number;
}

function runQuietly(step: Step): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = (code: number, extra = '') =>
      resolve({ step, code, output: Buffer.concat(chunks).toString('utf8') + extra, seconds: (performance.now() - started) / 1000 });
    child.on('error', (error) => done(1, `\n${error.message}\n`));
    child.on('close', (code, signal) => done(code ?? 1, signal ? `\nkilled by ${signal}\n` : ''));
  });
}

async function runChecks(): Promise<boolean> {
  let ok = true;
  await Promise.all(
    CHECKS.map(async (step) => {
      const outcome = await runQuietly(step);
      const mark = outcome.code === 0 ? '✓' : `✗ (exit ${outcome.code})`;
      process.stdout.write(`\n── ${step.name} ${mark} ${outcome.seconds.toFixed(1)} s\n${outcome.output}`);
      if (outcome.code !== 0) ok = false;
    }),
  );
  return ok;
}

function runVitest(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(bin('vitest'), ['run', ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

if (!(await runChecks())) {
  process.stdout.write('\nnpm test: a check failed (above); the tests did not run.\n');
  process.exit(1);
}
process.exit(await runVitest(process.argv.slice(2)));
