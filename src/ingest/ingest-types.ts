import type { CtVolume } from '../volume/ct-volume';

/** What the ingest client's callers give it and get back (ingest-client.ts). */

export type ProgressCallback = (done: number, total: number) => void;

/**
 * Reads one indexed file's whole bytes on the page, to be transferred to the worker that decodes it:
 * a browser File, a zip entry, a DICOMweb instance. The buffer must be the file alone (it is moved).
 * With a `range` (one frame of a multi-frame file), a reader that can read part of its file returns
 * bytes [start, end) only; one that cannot returns the whole file, and the frame is cut from it.
 */
export type WholeFileReader = (signal?: AbortSignal, range?: ByteRange) => Promise<ArrayBuffer>;

export interface ByteRange {
  start: number;
  end: number;
}

export interface BuildCallbacks {
  /**
   * Part of a regular stack has landed: the volume can be shown while the rest fills in. `gpuVolume`
   * is the copy sized for the GPU (the volume itself unless it exceeds the texture limits).
   */
  onStart?(volume: CtVolume, gpuVolume: CtVolume): void;
  /**
   * Resolves once the first slices (handed over by onStart + onSlices) are drawn; the rest is read
   * after that. On a machine with few cores, readers running meanwhile only delay the first image.
   */
  firstShown?(): Promise<void>;
  /** Slices [start, start + count) of the started volume now hold their voxels. */
  onSlices?(start: number, count: number): void;
  onProgress?: ProgressCallback;
}

/** The volume, and the copy of it the GPU holds (the same object unless it had to be reduced). */
export interface BuiltVolume {
  volume: CtVolume;
  gpuVolume: CtVolume;
}
