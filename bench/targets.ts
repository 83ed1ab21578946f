/** Parent side of server-process.ts: start a target in a child process and stop it cleanly. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TargetMessage } from './server-process.js';

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface Target {
  url: string;
  detail: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** For an interrupted run: kill what this process started (by pid, nothing else). */
export function killAllTargets(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** `BENCH_CPU_PROF=<dir>`: each target writes a V8 CPU profile there when it exits (open it in Chrome DevTools). */
const profiling = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

export function startTarget(args: string[], options: { env?: Record<string, string> } = {}): Promise<Target> {
  const child = fork(ENTRY, args, { execArgv: ['--import', 'tsx', ...profiling], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...options.env } });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send('stop');
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  return new Promise<Target>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`target ${args.join(' ')} did not start within ${START_TIMEOUT_MS / 1000}s`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: TargetMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve({ url: message.url, detail: message.detail, pid: child.pid, stop });
      else reject(new Error(`target ${args[0] ?? ''} failed to start:\n${message.error}`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`target ${args[0] ?? ''} exited before it was ready (code ${child.exitCode ?? child.signalCode})`));
    });
  });
}
