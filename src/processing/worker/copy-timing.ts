/**
 * Profiling only (a run whose request has `profile`): times itk-wasm's two big copies by watching
 * Uint8Array.prototype.set while runPipeline runs. The input copy reads from the input's buffer; an
 * output copy fills a fresh array of the same length. The wrapper is installed only while a
 * profiled run is in flight in this worker; ordinary runs never touch the prototype.
 */

/** Copies smaller than this are JSON, strings and directions: not worth timing. */
const MIN_TIMED_COPY = 64 * 1024;

interface CopyClock {
  inputBuffers: Set<ArrayBufferLike>;
  inputMs: number;
  outputMs: number;
}
const clocks = new Set<CopyClock>();
const originalSet = Uint8Array.prototype.set;

function timedSet(this: Uint8Array, source: ArrayLike<number>, offset?: number): void {
  if (source.length < MIN_TIMED_COPY) return originalSet.call(this, source, offset);
  const t0 = performance.now();
  originalSet.call(this, source, offset);
  const dt = performance.now() - t0;
  for (const clock of clocks) {
    if (ArrayBuffer.isView(source) && clock.inputBuffers.has(source.buffer)) clock.inputMs += dt;
    else if (this.byteOffset === 0 && this.length === source.length) clock.outputMs += dt;
  }
}

/** Runs `run`, adding up the time of the copies from `inputBuffers` (input) and into fresh arrays (output). */
export async function timingCopies<T>(
  inputBuffers: Set<ArrayBufferLike>,
  run: () => Promise<T>,
): Promise<{ result: T; inputMs: number; outputMs: number }> {
  const clock: CopyClock = { inputBuffers, inputMs: 0, outputMs: 0 };
  clocks.add(clock);
  Uint8Array.prototype.set = timedSet;
  try {
    const result = await run();
    return { result, inputMs: clock.inputMs, outputMs: clock.outputMs };
  } finally {
    clocks.delete(clock);
    if (clocks.size === 0) Uint8Array.prototype.set = originalSet;
  }
}
