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
