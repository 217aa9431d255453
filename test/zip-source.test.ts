/**
 * Issue #16 item 7, zips in Node: a zip of a shared-data folder loads as the folder does (same series,
 * same warnings, the same volume voxel for voxel), read from its central directory and entry by
 * entry; damaged, encrypted and foreign entries are listed apart with their reason, the rest loads.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readImageNode } from '@itk-wasm/image-io';
import { BlobWriter, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { onDiskSliceReader } from '../src/cli/on-disk-slice-reader';
import { indexSources } from '../src/dicom/index-study';
import { selectSeries } from '../src/dicom/select-series';
import { sourceFromBytes } from '../src/sources/source-file';
import { expandZips } from '../src/sources/zip/expand-zips';
import { readEntryNative } from '../src/sources/zip/read-entry-native';
import { type ArchiveBytes, archiveFromBlob } from '../src/sources/zip/zip-entry';
import { zipEntrySource } from '../src/sources/zip/zip-entry-source';
import { listZipEntries } from '../src/sources/zip/zip-listing';
import { buildVolume } from '../src/volume/build-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';
import { entryOffsets, folderFiles, zipOf } from './helpers/zip-folder';

const run = promisify(execFile);
const work = scratchDir('ct-zip-');
const folder = sharedCt('philips-phantom-tilt');
const files = folderFiles(folder);
const fileBytes = new Map(files);

const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/main.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });

/** The CLI's JSON with the archive's prefix taken out of every name, to compare with the folder's. */
async function seriesJson(path: string, prefix = ''): Promise<unknown> {
  const { stdout } = await cli('series', path);
  return JSON.parse(prefix ? stdout.split(prefix).join('') : stdout);
}

async function volumeOf(path: string, out: string) {
  await cli('convert', path, '--series', '201', '-o', join(work, out));
  return readImageNode(join(work, out));
}

function archiveOf(bytes: Uint8Array): ArchiveBytes & { bytesRead: number } {
  const counted = {
    size: bytes.length,
    bytesRead: 0,
    read: async (start: number, end: number) => {
      const part = bytes.subarray(start, Math.min(end, bytes.length));
      counted.bytesRead += part.length;
      return part;
    },
  };
  return counted;
}

describe('a zip of philips-phantom-tilt', () => {
  // Deflated under a top folder, with directory entries and macOS resource forks; and stored, flat.
  const deflated = join(work, 'deflated.zip');
  writeFileSync(
    deflated,
    zipOf(files, {
      top: 'philips-phantom-tilt/',
      extra: { 'philips-phantom-tilt/S2010/': new Uint8Array(0), '__MACOSX/philips-phantom-tilt/._S2010': new Uint8Array(8) },
    }),
  );
  const stored = join(work, 'stored.zip');
  writeFileSync(stored, zipOf(files, { level: 0 }));

  it('lists the same series, warnings and skipped files as the folder, deflated or stored', async () => {
    const expected = await seriesJson(folder);
    expect(await seriesJson(deflated, 'deflated.zip/philips-phantom-tilt/')).toEqual(expected);
    expect(await seriesJson(stored, 'stored.zip/')).toEqual(expected);
  }, 120_000);

  it('converts to the folder’s volume voxel for voxel', async () => {
    const reference = await volumeOf(folder, 'folder.nrrd');
    for (const zip of [deflated, stored]) {
      const image = await volumeOf(zip, `${zip.endsWith('stored.zip') ? 'stored' : 'deflated'}.nrrd`);
      expect(image.size).toEqual(reference.size);
      expect(image.origin).toEqual(reference.origin);
      expect(image.spacing).toEqual(reference.spacing);
      expect([...image.direction]).toEqual([...reference.direction]);
      expect(Buffer.from(image.data!.buffer).equals(Buffer.from(reference.data!.buffer))).toBe(true);
    }
  }, 240_000);
});

describe('zip entries', () => {
  const s2010 = files.filter(([name]) => name.startsWith('S2010/'));

  it('an entry whose data does not inflate is skipped, named, with its reason; the rest of the series loads', async () => {
    const zip = zipOf(s2010);
    // A deflate block of type 3 does not exist: the entry's head cannot be inflated.
    zip[entryOffsets(zip, 'S2010/I100').data] = 0x07;
    const { sources, skipped } = await expandZips([sourceFromBytes('s2010.zip', zip)]);
    const index = await indexSources(sources, undefined, skipped);
    const damaged = index.skipped.find((file) => file.file === 's2010.zip/S2010/I100');
    expect(damaged?.reason).toMatch(/^could not be read \(entry does not inflate \(.+\): corrupt archive\)$/);
    const series = index.series.find((s) => s.seriesNumber === 201)!;
    expect(series.sliceCount).toBe(53);
    expect(series.warnings.join('\n')).toMatch(
      /missing slice: gap .* between s2010\.zip\/S2010\/I\d+ and s2010\.zip\/S2010\/I\d+/,
    );
  });

  it('an entry that fails its CRC-32 only when read whole leaves its slice out of the build, by name', async () => {
    const zip = zipOf(s2010, { level: 0 });
    const { data } = entryOffsets(zip, 'S2010/I100');
    zip[data + 300_000] = zip[data + 300_000]! ^ 0xff;
    const { sources, skipped } = await expandZips([sourceFromBytes('s2010.zip', zip)]);
    const index = await indexSources(sources, undefined, skipped);
    // Its head reads: it is listed with the series, and found out when the volume is built.
    const series = selectSeries(index, '201');
    expect(series.sliceCount).toBe(54);
    const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), onDiskSliceReader(nodeSliceReader));
    const warnings = volume.warnings.join('\n');
    expect(warnings).toMatch(/s2010\.zip\/S2010\/I100: could not be read \(.*entry fails its CRC-32 check/);
    expect(warnings).toMatch(/missing slice/);
  });

  it('a whole entry is checked against its CRC-32, in the worker’s reader and in the page’s', async () => {
    const zip = zipOf(s2010, { level: 0 });
    const { data } = entryOffsets(zip, 'S2010/I100');
    zip[data + 300_000] = zip[data + 300_000]! ^ 0xff;
    const listing = await listZipEntries(archiveOf(zip), 's2010.zip');
    const entry = listing.entries.find((e) => e.name === 's2010.zip/S2010/I100')!;
    const source = zipEntrySource(archiveOf(zip), entry);
    // The head is whole (its header reads), the entry as a whole is not.
    expect((await source.readRange(0, 1024)).length).toBe(1024);
    await expect(source.readAll()).rejects.toThrow('s2010.zip/S2010/I100: entry fails its CRC-32 check (corrupt archive)');
    await expect(readEntryNative(new Blob([zip]), entry.location)).rejects.toThrow('entry fails its CRC-32 check');
  });

  it('reads every entry whole, stored or deflated, as the file it was; and a header from the head alone', async () => {
    for (const level of [0, 6] as const) {
      const zip = zipOf(s2010.slice(0, 4), { level });
      const archive = archiveOf(zip);
      const { entries, skipped } = await listZipEntries(archive, 'a.zip');
      expect(skipped).toEqual([]);
      expect(entries.map((e) => e.name)).toEqual(s2010.slice(0, 4).map(([name]) => `a.zip/${name}`));
      for (const entry of entries) {
        const original = fileBytes.get(entry.name.slice('a.zip/'.length))!;
        expect(Buffer.from(await zipEntrySource(archive, entry).readAll()).equals(original)).toBe(true);
        const native = new Uint8Array(await readEntryNative(new Blob([zip]), entry.location));
        expect(Buffer.from(native).equals(original)).toBe(true);
      }
      const entry = entries.find((e) => e.name.endsWith('/I10'))!;
      const before = archive.bytesRead;
      const head = await zipEntrySource(archive, entry).readRange(0, 64 * 1024);
      expect(Buffer.from(head.subarray(0, 64 * 1024)).equals(fileBytes.get('S2010/I10')!.subarray(0, 64 * 1024))).toBe(true);
      // Only the head's compressed bytes (and the local header) were read: not the entry.
      expect(archive.bytesRead - before).toBeLessThan(64 * 1024 + 4096);
      expect(entry.location.uncompressedSize).toBeGreaterThan(500_000);
    }
  });

  it('lists encrypted entries, other methods and zips inside the zip apart, and reads zip64 archives', async () => {
    const scout = fileBytes.get('S1000/I10')!;
    const writer = new ZipWriter(new BlobWriter('application/zip'), { useWebWorkers: false, zip64: true });
    await writer.add('S1000/I10', new Uint8ArrayReader(scout));
    await writer.add('secret/I10', new Uint8ArrayReader(scout), { password: 'not given', encryptionStrength: 3 });
    await writer.add('inner.zip', new Uint8ArrayReader(zipOf(s2010.slice(0, 1))));
    await writer.add('bzip/I10', new Uint8ArrayReader(scout), { level: 0 });
    const zip = new Uint8Array(await (await writer.close()).arrayBuffer());
    // Method 12 (bzip2), in the entry's central directory record.
    new DataView(zip.buffer).setUint16(entryOffsets(zip, 'bzip/I10').central + 10, 12, true);
    const archive = archiveFromBlob(new Blob([zip]));
    const listing = await listZipEntries(archive, 'z64.zip');
    expect(listing.skipped).toEqual([
      { file: 'z64.zip/secret/I10', reason: 'encrypted zip entry: not opened (no password)' },
      { file: 'z64.zip/inner.zip', reason: 'a zip inside a zip is not opened: unpack it and open it on its own' },
      { file: 'z64.zip/bzip/I10', reason: 'zip entry compressed with method 12: only stored and deflated entries are read' },
    ]);
    expect(listing.entries.map((e) => e.name)).toEqual(['z64.zip/S1000/I10']);
    expect(Buffer.from(await zipEntrySource(archive, listing.entries[0]!).readAll()).equals(scout)).toBe(true);
    // zip.js wrote a zip64 end of central directory record, which the listing above was read through.
    expect(Buffer.from(zip).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
  });

  it('a .zip that is not a zip is refused in words, by the CLI and among other files', async () => {
    const fake = join(work, 'fake.zip');
    writeFileSync(fake, new Uint8Array(4096).fill(0x41));
    const failure = await cli('series', fake).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toBe('error: fake.zip: not a zip archive (no end of central directory record)\n');
    const { skipped } = await expandZips([sourceFromBytes('study/fake.zip', new Uint8Array(4096))]);
    expect(skipped).toEqual([{ file: 'study/fake.zip', reason: 'not a zip archive (no end of central directory record)' }]);
    const truncated = zipOf(s2010.slice(0, 2));
    const cut = await expandZips([sourceFromBytes('cut.zip', truncated.subarray(0, truncated.length - 30))]);
    expect(cut.skipped[0]?.reason).toMatch(/^not a zip archive|^corrupt zip archive/);
  }, 60_000);
});
