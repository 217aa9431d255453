import { describe, expect, it } from 'vitest';
import { FIRST_READ_BYTES, parseHeader } from '../src/dicom/parse-header';
import { generatePhantom } from '../src/phantom/phantom';
import { sourceFromFile, sourcesWithHeads } from '../src/sources/browser-files';

/** A File that counts the reads made of it (each read of a File goes through `slice` or `arrayBuffer`). */
class CountingFile extends File {
  reads = 0;
  override slice(...args: Parameters<File['slice']>): Blob {
    this.reads++;
    return super.slice(...args);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    this.reads++;
    return super.arrayBuffer();
  }
}

describe('sourcesWithHeads', () => {
  const { files } = generatePhantom({ rows: 256, columns: 256, slices: 3, seed: 'heads' });
  const small = new Uint8Array([1, 2, 3, 4, 5]);
  const make = () => [
    ...files.map((f) => new CountingFile([f.data as Uint8Array<ArrayBuffer>], f.name)),
    new CountingFile([small], 'small.bin'),
  ];

  it('serves every read within a head from the one joint read, and other reads from the file', async () => {
    const inputs = make();
    const sources = await sourcesWithHeads(inputs, 1024);
    expect(inputs.map((f) => f.reads)).toEqual(inputs.map(() => 1));
    for (const [i, source] of sources.entries()) {
      const expected = i < files.length ? files[i]!.data : small;
      expect(source.name).toBe(inputs[i]!.name);
      expect(source.size).toBe(expected.length);
      expect([...(await source.readRange(0, 1024))]).toEqual([...expected.subarray(0, 1024)]);
      expect([...(await source.readRange(100, 200))]).toEqual([...expected.subarray(100, 200)]);
    }
    expect(inputs.map((f) => f.reads)).toEqual(inputs.map(() => 1));
    const beyond = await sources[0]!.readRange(1000, 3000);
    expect([...beyond]).toEqual([...files[0]!.data.subarray(1000, 3000)]);
    expect([...(await sources[0]!.readAll())]).toEqual([...files[0]!.data]);
    expect(inputs[0]!.reads).toBe(3);
  });

  it('gives the headers a file-by-file read gives', async () => {
    const joint = await sourcesWithHeads(make(), FIRST_READ_BYTES);
    const single = make().map(sourceFromFile);
    for (let i = 0; i < joint.length; i++) {
      expect(await parseHeader(joint[i]!)).toEqual(await parseHeader(single[i]!));
    }
    expect(((await parseHeader(joint[0]!)) as { ok: boolean }).ok).toBe(true);
  });
});
