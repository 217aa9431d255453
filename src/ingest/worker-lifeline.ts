/**
 * Both ends of an ingest worker's lifeline: how the page learns that a worker has ended without a
 * word (`self.close()`, or the browser ending its thread), which no event of the Worker object says.
 *
 * The worker takes a Web Lock named after itself and never lets go; the browser releases a lock
 * when the context holding it ends, so the page, queued for the same lock, is granted it at that
 * moment. Unlike a ping answered by the worker, this has no timeout to choose: a worker busy for
 * seconds in one wasm call (a large chunk, a resampling) holds its lock and is never taken for dead,
 * and a dead one is known within milliseconds. Where Web Locks are missing (an insecure context,
 * which also has no SharedArrayBuffer) only the Worker's error events are seen.
 */

/** The message a worker posts once it holds its lock: the page queues for the lock only then. */
export const LIFELINE_HELD = 'ct-viewer:lifeline-held';

interface LockHolder {
  readonly name: string;
  readonly navigator: { readonly locks?: LockManager };
  postMessage(message: unknown): void;
}

/** Worker side: hold the lock named after this worker (its `name`) for as long as it lives. */
export function holdLifeline(scope: LockHolder = globalThis as unknown as LockHolder): void {
  const locks = scope.navigator.locks;
  if (!locks || !scope.name) return;
  void locks.request(scope.name, () => {
    scope.postMessage({ [LIFELINE_HELD]: scope.name });
    return new Promise<never>(() => undefined);
  });
}

/**
 * Page side: calls `onEnd` once the worker named `name` has ended (its lock is free). Also called
 * after `worker.terminate()`: the caller ignores the workers it ended itself.
 */
export function watchLifeline(worker: Worker, name: string, onEnd: () => void): void {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return;
  const held = (event: MessageEvent) => {
    const data = event.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null || data[LIFELINE_HELD] !== name) return;
    worker.removeEventListener('message', held);
    void locks.request(name, () => onEnd());
  };
  worker.addEventListener('message', held);
}

/** A lock name unique across the origin's tabs (locks are shared by them) and across replacements. */
export function lifelineName(label: string): string {
  return `${label} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
