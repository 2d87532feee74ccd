import type { ChildProcess } from 'node:child_process';

/** Every process a test started that is still running, so that a failed test cannot leave one behind. */
const running = new Set<ChildProcess>();

/** Registers a spawned process; it leaves the set when it exits. */
export function trackChild<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** The tracked processes still running. */
export function runningChildren(): ChildProcess[] {
  return [...running];
}

/** Kills one process with SIGKILL and resolves when it has exited. */
export function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

/** Kills every tracked process: call it in an afterEach/afterAll, which runs even when a test failed. */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...running].map(killAndWait));
}

// The last resort when the test worker itself goes away (a timeout, a crash): no child outlives it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
