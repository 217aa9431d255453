import type { FrameLocation } from '../dicom/types';
import { type ChunkTally, describeVolume } from '../volume/assemble-volume';
import type { planBuild } from '../volume/build-plan';
import type { CtVolume } from '../volume/ct-volume';
import { downsampleSlices, reducedVolume } from '../volume/display-downsample';
import type { BuiltVolume } from './ingest-types';

/** The first chunk's volume and the copy the GPU holds; one frame's bytes of a file (ingest-client.ts). */

export function frameBytes(bytes: ArrayBuffer, { start, end }: FrameLocation): ArrayBuffer {
  if (bytes.byteLength === end - start) return bytes;
  if (bytes.byteLength >= end) return bytes.slice(start, end);
  throw new Error(`${bytes.byteLength} bytes were read, the frame lies at bytes ${start}–${end}`);
}

export function gpuCopy(volume: CtVolume, factor: number, reduced?: CtVolume['scalars']): CtVolume {
  if (factor === 1) return volume;
  const [nx, ny, nz] = volume.dimensions;
  volume.warnings.push(
    `volume too large for the GPU texture limit: displayed at 1/${factor} in-plane resolution; HU read-outs use the full data`,
  );
  return reducedVolume(volume, reduced ?? downsampleSlices(volume.scalars, nx, ny, nz, factor), factor);
}

export function startVolume(
  plan: ReturnType<typeof planBuild>,
  stacked: CtVolume['scalars'],
  tally: ChunkTally,
  firstChunk: CtVolume['scalars'],
  factor: number,
  reducedStack: CtVolume['scalars'] | null,
): BuiltVolume {
  const volume = describeVolume(plan, stacked, tally, [tally.min, tally.max], firstChunk);
  return { volume, gpuVolume: gpuCopy(volume, factor, reducedStack ?? undefined) };
}
