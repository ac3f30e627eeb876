/**
 * The real service and the real CLI as child processes, for tests of what only processes show
 * (signals, kills, several processes on one database). Every wait is a bounded poll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { ADMIN_KEY } from './app';

export const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'bhcheck.js');

export interface Service {
  child: ChildProcess;
  port: number;
  exited: Promise<void>;
  output: () => string;
}

const started: Service[] = [];

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + String(d)).slice(-16_000)));
  child.stderr?.on('data', (d) => (out = (out + String(d)).slice(-16_000)));
  return () => out;
}

/** Starts `npm start`'s entry point (ts-node) with these settings added, and waits for /health. */
export async function startService(env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BHCHECK_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'silent', TZ: 'UTC', BHCHECK_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const exited = new Promise<void>((resolve) => {
    if (!isRunning(child)) resolve();
    else child.once('exit', () => resolve());
  });
  const svc: Service = { child, port, exited, output };
  started.push(svc);
  await waitForHealth(svc);
  return svc;
}

/** Bounded wait for /health (a cold ts-node start on a busy 2-core machine can take a while). */
export async function waitForHealth(svc: Service): Promise<void> {
  for (let i = 0; i < 900; i++) {
    if (!isRunning(svc.child)) throw new Error(`the service exited while starting (${svc.child.exitCode ?? svc.child.signalCode}):\n${svc.output()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${svc.port}/health`);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service did not become healthy:\n${svc.output()}`);
}

export async function killHard(svc: Service): Promise<void> {
  if (isRunning(svc.child)) svc.child.kill('SIGKILL');
  await svc.exited;
}

/** SIGTERM, and the exit status once it has stopped (bounded: SIGKILL after two minutes). */
export async function terminate(svc: Service): Promise<number | string | null> {
  if (isRunning(svc.child)) svc.child.kill('SIGTERM');
  const timer = setTimeout(() => svc.child.kill('SIGKILL'), 120_000);
  await svc.exited;
  clearTimeout(timer);
  return svc.child.exitCode ?? svc.child.signalCode;
}

/** For afterAll: whatever a test started and left running. */
export async function killAllServices(): Promise<void> {
  for (const svc of started.splice(0)) await killHard(svc).catch(() => undefined);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npx bhcheck ARGS` (the bin script, which compiles dist/ when the sources changed). */
export function bhcheck(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Bounded poll until `check` holds. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waited ${ms / 1000} s: ${what}`);
}
