import type { PhantomOptions } from '../../phantom/phantom';
import { resolveServerRoot } from '../dicomweb/dicomweb-address';
import { StateProblem, object, oneOf, uid } from './checks';
import type { SeriesReference } from './view-state';

/** Phantom options a shared state may ask for: small enough that a link cannot make the page build a huge volume. */
const MAX_PHANTOM_EDGE = 1024;
const OPTION_NAME = /^[A-Za-z]{1,32}$/;

/** Checks a series reference of untrusted JSON. */
export function readSeriesReference(raw: unknown): SeriesReference {
  const given = object(raw, 'series');
  const kind = oneOf(given.kind, 'series.kind', ['dicomweb', 'sample', 'local'] as const);
  const seriesUid = uid(given.seriesUid, 'series.seriesUid');
  if (kind === 'local') return { kind, seriesUid };
  if (kind === 'sample') return { kind, seriesUid, options: readPhantomOptions(given.options) };
  if (typeof given.root !== 'string' || given.root.length > 2000) throw new StateProblem('series.root is not a server address');
  try {
    // Only an http(s) URL or a path on this site; resolved against a placeholder, kept as given.
    resolveServerRoot(given.root, 'http://localhost/');
  } catch {
    throw new StateProblem('series.root is neither an http(s) address nor a path on this site');
  }
  return { kind, seriesUid, root: given.root, study: uid(given.study, 'series.study') };
}

/**
 * The sample's options: names of letters, values true/false, numbers, short text or short lists of
 * numbers; rows, columns and slices at most MAX_PHANTOM_EDGE. The phantom checks the rest itself.
 */
function readPhantomOptions(raw: unknown): PhantomOptions {
  const given = object(raw ?? {}, 'series.options');
  const entries = Object.entries(given);
  if (entries.length > 40) throw new StateProblem('series.options has too many options');
  const options: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (!OPTION_NAME.test(name)) throw new StateProblem('series.options has an option that is not a name');
    const field = `series.options.${name}`;
    if (['rows', 'columns', 'slices'].includes(name) && !(typeof value === 'number' && value >= 1 && value <= MAX_PHANTOM_EDGE)) {
      throw new StateProblem(`${field} is not between 1 and ${MAX_PHANTOM_EDGE}`);
    }
    if (typeof value === 'boolean' || (typeof value === 'string' && value.length <= 64)) options[name] = value;
    else if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 1e5) options[name] = value;
    else if (
      Array.isArray(value) &&
      value.length <= MAX_PHANTOM_EDGE &&
      value.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      options[name] = [...value];
    } else throw new StateProblem(`${field} is not a yes/no, number, short text or list of numbers`);
  }
  return options as PhantomOptions;
}
