/**
 * Page script of baseline.html: hands the chosen files to a dedicated module worker that makes
 * one plain `readImageDicomFileSeries` call, and times it from the change event (files handed
 * over) to the worker's reply, so file reads, pipeline download and the pipeline run all count.
 * The result is written as JSON into `[data-testid="baseline-result"]` (data-state: idle →
 * running → done) for `npm run bench` to read.
 */
import type { BaselineReply, BaselineRequest, BaselineResult } from './baseline-protocol';

const input = document.querySelector<HTMLInputElement>('[data-testid="baseline-files"]');
const output = document.querySelector<HTMLElement>('[data-testid="baseline-result"]');
if (!input || !output) throw new Error('baseline.html markup missing');

const worker = new Worker(new URL('../../workers/baseline.worker.ts', import.meta.url), { type: 'module', name: 'baseline' });

function publish(result: BaselineResult): void {
  output!.textContent = JSON.stringify(result);
  output!.dataset.state = 'done';
}

input.addEventListener('change', () => {
  const t0 = performance.now();
  // Everything the folder holds, as a naive app would pass it (DIRFILE and all).
  const files = [...(input.files ?? [])];
  output.dataset.state = 'running';
  output.textContent = `reading ${files.length} file(s)…`;
  worker.onmessage = (event: MessageEvent<BaselineReply>) => {
    publish({ ...event.data, ms: performance.now() - t0, files: files.length });
  };
  worker.onerror = (event) => {
    publish({
      size: null,
      error: `worker error: ${event.message || 'unknown'}`,
      ms: performance.now() - t0,
      files: files.length,
    });
  };
  const request: BaselineRequest = { files };
  worker.postMessage(request);
});
