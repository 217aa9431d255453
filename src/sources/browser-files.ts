import type { SourceFile } from './source-file';

/** Wraps a browser File; folder inputs give webkitRelativePath, which keeps names unique. */
export function sourceFromFile(file: File): SourceFile {
  const relative = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
  return {
    name: relative && relative.length > 0 ? relative : file.name,
    size: file.size,
    readRange: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
    readAll: async () => new Uint8Array(await file.arrayBuffer()),
  };
}

/**
 * The files, with the first `headBytes` of every one read at once: one read of the browser's blob
 * store for the whole list instead of one per file, since each read is a round trip to the browser
 * process. Reads beyond a file's head go to the file as usual; when the joint read fails (a file
 * gone or unreadable), every file is read on its own, so that each reports its own reason.
 */
export async function sourcesWithHeads(files: File[], headBytes: number): Promise<SourceFile[]> {
  const heads = files.map((file) => file.slice(0, headBytes));
  let joined: ArrayBuffer;
  try {
    joined = await new Blob(heads).arrayBuffer();
  } catch {
    return files.map(sourceFromFile);
  }
  let offset = 0;
  return files.map((file, index) => {
    const head = new Uint8Array(joined, offset, heads[index]!.size);
    offset += head.length;
    const source = sourceFromFile(file);
    return {
      ...source,
      readRange: (start: number, end: number) =>
        Math.min(end, file.size) <= head.length
          ? Promise.resolve(head.subarray(start, Math.min(end, head.length)))
          : source.readRange(start, end),
    };
  });
}
