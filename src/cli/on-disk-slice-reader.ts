import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SlicePixelReader } from '../volume/build-volume';

/**
 * Wraps a reader that needs files on disk (itk-wasm's Node pipeline) for sources that are not (zip
 * entries): each chunk's entries are written to a scratch folder of their own for the one call, and
 * removed after it, so that no more than a chunk of an archive is ever unpacked.
 */
export function onDiskSliceReader(reader: SlicePixelReader): SlicePixelReader {
  return {
    ...reader,
    async readSlices(slices) {
      if (slices.every(({ source }) => (source as { path?: string }).path)) return reader.readSlices(slices);
      const folder = await mkdtemp(join(tmpdir(), 'ct-cli-chunk-'));
      try {
        const onDisk = await Promise.all(
          slices.map(async (slice, index) => {
            if ((slice.source as { path?: string }).path) return slice;
            const path = join(folder, `slice-${String(index).padStart(5, '0')}.dcm`);
            await writeFile(path, await slice.source.readAll());
            return { ...slice, source: { ...slice.source, path } };
          }),
        );
        return await reader.readSlices(onDisk);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}
