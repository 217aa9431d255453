import type { PhantomOptions } from '../sample/phantom';

/**
 * `?sample` loads the default phantom; `?sample={"reverse":true}` passes generator options (used by
 * tests and demos). Anything unparsable falls back to the default rather than failing the page.
 */
export function sampleOptionsFromUrl(search: string): PhantomOptions | null {
  const params = new URLSearchParams(search);
  if (!params.has('sample')) return null;
  const raw = params.get('sample') ?? '';
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as PhantomOptions) : {};
  } catch {
    return {};
  }
}
