import type { PhantomOptions } from '../phantom/phantom';

/**
 * The generated phantom is the offline first-run sample: it loads unless the URL says `?sample=none`.
 * `?sample={"reverse":true}` passes generator options (tests, demos); anything unparsable falls back
 * to the default phantom rather than failing the page.
 */
export function sampleOptionsFromUrl(search: string): PhantomOptions | null {
  const raw = new URLSearchParams(search).get('sample');
  if (raw === null || raw.trim() === '') return {};
  if (raw === 'none') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as PhantomOptions) : {};
  } catch {
    return {};
  }
}
