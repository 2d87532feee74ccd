/**
 * `run()`, or a rejection after `ms`: for calls that must answer in time even when a dependency
 * hangs (a Redis that is down queues commands forever rather than failing them).
 */
export function withTimeout<T>(run: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([run(), timeout]).finally(() => clearTimeout(timer));
}
