import { describe, expect, it } from 'vitest';
import { parseHeaderBatch } from '../src/dicom/parse-header-batch';
import { generatePhantom } from '../src/phantom/phantom';
import { type SourceFile, sourceFromBytes } from '../src/sources/source-file';

describe('parseHeaderBatch', () => {
  it('accounts for every file: headers of the slices, a reason for each other file', async () => {
    const { files } = generatePhantom({ rows: 16, columns: 16, slices: 5, seed: 'batch' });
    const unreadable: SourceFile = {
      name: 'gone.dcm',
      size: 4096,
      readRange: () => Promise.reject(new Error('file was removed')),
      readAll: () => Promise.reject(new Error('file was removed')),
    };
    const sources = [
      ...files.map((file) => sourceFromBytes(file.name, file.data)),
      sourceFromBytes('empty.dcm', new Uint8Array(0)),
      sourceFromBytes('notes.txt', new TextEncoder().encode('x'.repeat(400))),
      unreadable,
    ];
    for (const inFlight of [1, 3, 16]) {
      const { headers, skipped } = await parseHeaderBatch(sources, inFlight);
      expect(headers.map((h) => h.file).sort()).toEqual(files.map((f) => f.name).sort());
      expect(Object.fromEntries(skipped.map((s) => [s.file, s.reason]))).toEqual({
        'empty.dcm': expect.stringContaining('empty'),
        'notes.txt': expect.stringContaining('not a DICOM file'),
        'gone.dcm': expect.stringContaining('file was removed'),
      });
    }
  });
});
