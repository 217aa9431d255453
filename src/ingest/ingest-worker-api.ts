import type { DicomdirListing } from '../dicom/dicomdir';
import type { HeaderTree } from '../dicom/header-tree';
import type { HeaderBatch } from '../dicom/parse-header-batch';
import type { SliceHeader } from '../dicom/types';
import type { PhantomOptions } from '../phantom/phantom';
import type { ChunkTally } from '../volume/assemble-volume';
import type { BuildPlan } from '../volume/build-plan';
import type { CtVolume, HuArray } from '../volume/ct-volume';
import type { Image2d } from '../volume/image-2d';
import type { ChunkFormat, ChunkResult, ChunkStats } from '../volume/read-chunk';
import type { ZipEntryRef } from '../sources/zip/zip-entry';
import type { ZipListing } from '../sources/zip/zip-listing';
import type { SeriesThumbnail } from './thumbnail-job';

/**
 * The whole bytes of a chunk's files, in the order of its headers, read by the page and transferred;
 * for a file that could not be read (UnreadableFileError), why: its slice is left out.
 */
export type ChunkFiles = Array<ArrayBuffer | UnreadableFile>;

export interface UnreadableFile {
  unreadable: string;
}

/** The buffers among a chunk's files: what is transferred, and released once read. */
export function chunkBuffers(files: ChunkFiles): ArrayBuffer[] {
  return files.filter((file): file is ArrayBuffer => file instanceof ArrayBuffer);
}

/** A file for a header job: a File, or an entry of a zip File (read and inflated by the worker). */
export type HeaderInput = File | { archive: File; entry: ZipEntryRef };

/** A header job's result, with what the DICOMDIRs among its files name. */
export type HeaderBatchResult = HeaderBatch & { dicomdirs: DicomdirListing[] };

/** The stack being filled, shared with every worker: chunks are written where they belong. */
export interface SharedStack {
  values: SharedArrayBuffer;
  /** The reduced GPU copy, when the volume exceeds the texture limits. */
  reduced?: SharedArrayBuffer;
}

/**
 * One ingest worker's API, called through comlink by the pool on the main thread. Workers hold no
 * state between calls except loaded wasm modules, so any of them can take any job and a failed one
 * is simply replaced.
 */
export interface IngestWorkerApi {
  /** Loads the DICOM reader's wasm module ahead of the first file. */
  warmUp(): Promise<void>;
  /** Headers only (never pixel data) of a batch of files. */
  parseHeaders(files: HeaderInput[]): Promise<HeaderBatchResult>;
  /** A zip File's entries, from its central directory alone (`name`: the archive's name as shown). */
  listZip(archive: File, name: string): Promise<ZipListing>;
  /** The CT phantom sample as Part 10 files, generated off the main thread. */
  generateSample(options: PhantomOptions): Promise<File[]>;
  /** One run of sorted slices read by itk-wasm, checked and returned as HU (buffer transferred). */
  readChunk(start: number, files: ChunkFiles, headers: SliceHeader[], format: ChunkFormat): Promise<ChunkResult>;
  /** As readChunk, but the HU are written into the shared stack at the chunk's slices. */
  readChunkInto(
    stack: SharedStack,
    start: number,
    files: ChunkFiles,
    headers: SliceHeader[],
    format: ChunkFormat,
  ): Promise<ChunkStats>;
  /** One image of a series that is not a volume, for the 2D view (its file read by the page and transferred). */
  readImage2d(file: ArrayBuffer, header: SliceHeader): Promise<Image2d>;
  /** A series' thumbnail from its middle image (file transferred), at most `maxSide` pixels a side. */
  renderThumbnail(file: ArrayBuffer, header: SliceHeader, maxSide: number): Promise<SeriesThumbnail>;
  /** A file's whole header for the header inspector, pixel data by its length only (its bytes read by the page). */
  readHeaderTree(file: ArrayBuffer, name: string): Promise<HeaderTree>;
  /** Resampling onto the regular grid (tilt, variable spacing, gaps); buffers transferred both ways. */
  assemble(plan: BuildPlan, stacked: HuArray, tally: ChunkTally): Promise<CtVolume>;
}
