/** Messages between baseline.html's page script and its worker (npm run bench). */
export interface BaselineRequest {
  files: File[];
}

export interface BaselineReply {
  /** Image size [x, y, z] of the volume itk-wasm returned, or null on error. */
  size: number[] | null;
  /** The rejection as text, or null. itk-wasm can reject with a bare number (exit code). */
  error: string | null;
}

/** What the page writes as JSON into `<pre data-testid="baseline-result">` once done. */
export interface BaselineResult extends BaselineReply {
  /** From the input's change event (files handed over) to the worker's reply. */
  ms: number;
  files: number;
}
