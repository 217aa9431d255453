/**
 * The last DICOMweb server used, kept in localStorage so the next visit offers it. Only the root is
 * kept: never a token or a password (another user of the browser must not inherit them).
 */
const KEY = 'ct-viewer:dicomweb-root';

export function rememberedServer(storage: Pick<Storage, 'getItem'> | null = safeStorage()): string | null {
  try {
    return storage?.getItem(KEY) || null;
  } catch {
    return null;
  }
}

export function rememberServer(root: string, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(KEY, root);
  } catch {
    // storage full or disabled (private mode): nothing to remember then
  }
}

/** localStorage, or null where reading it throws (disabled storage, opaque origins). */
function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
