import { deflateSync, inflateSync, strToU8 } from 'fflate';
import { StateProblem, object } from './checks';
import { VIEW_STATE_PARTS, type ViewStatePart, type ViewStateTarget } from './parts';
import { VIEW_STATE_VERSION, type ViewState } from './view-state';

/** The hash parameter that holds the state: `#view=1.<deflated JSON, base64url>`. */
export const HASH_KEY = 'view';
/** Longer hashes are not read (a state with many measurements is a file, not a link). */
const MAX_HASH_CHARS = 32_000;
/** A state inflating past this is refused (a deflate bomb cannot take the page's memory). */
const MAX_JSON_BYTES = 256 * 1024;
/** The JSON file's `format`. */
export const FILE_FORMAT = 'ct-viewer/view-state';

export type Decoded = { state: ViewState } | { problem: string };

type AnyPart = ViewStatePart<keyof ViewState>;
const PARTS = VIEW_STATE_PARTS as readonly AnyPart[];

/** The view now, part by part. */
export function captureViewState(target: ViewStateTarget): ViewState {
  const state: Record<string, unknown> = {};
  for (const part of PARTS) {
    const value = part.capture(target);
    if (value !== undefined) state[part.key] = value;
  }
  return state as ViewState;
}

/** Puts `state` back, part by part in their order; returns what could not be, in words. */
export function restoreViewState(target: ViewStateTarget, state: ViewState, skip: ReadonlyArray<keyof ViewState> = []): string[] {
  const problems: string[] = [];
  for (const part of PARTS) {
    const value = state[part.key];
    if (value === undefined || skip.includes(part.key)) continue;
    problems.push(...part.restore(target, value as never));
  }
  return problems;
}

/** Checks untrusted JSON part by part: any part that is wrong refuses the whole state (nothing half put back). */
export function readViewState(raw: unknown): ViewState {
  const given = object(raw, 'the view state');
  const state: Record<string, unknown> = {};
  for (const part of PARTS)
    if (Object.hasOwn(given, part.key) && given[part.key] !== undefined) state[part.key] = part.read(given[part.key]);
  return state as ViewState;
}

export function encodeHash(state: ViewState): string {
  return `${HASH_KEY}=${VIEW_STATE_VERSION}.${toBase64Url(deflateSync(strToU8(JSON.stringify(state)), { level: 9 }))}`;
}

/** The state in a page's hash (`location.hash`), null when it holds none; never throws. */
export function decodeHash(hash: string): Decoded | null {
  const raw = new URLSearchParams(hash.replace(/^#/, '')).get(HASH_KEY);
  if (raw === null) return null;
  return guard(() => {
    if (raw.length > MAX_HASH_CHARS) throw new StateProblem(`it is longer than ${MAX_HASH_CHARS} characters`);
    const match = /^(\d{1,4})\.([A-Za-z0-9_-]*)$/.exec(raw);
    if (!match) throw new StateProblem('it is not a view state this app writes');
    if (Number(match[1]) !== VIEW_STATE_VERSION)
      throw new StateProblem(`it is of version ${match[1]}, this app reads version ${VIEW_STATE_VERSION}`);
    return readViewState(parseJson(inflateBounded(fromBase64Url(match[2]!))));
  });
}

/** The JSON file a state is saved as (readable, with its format and version). */
export function encodeFile(state: ViewState): string {
  return `${JSON.stringify({ format: FILE_FORMAT, version: VIEW_STATE_VERSION, state }, null, 2)}\n`;
}

export function decodeFile(text: string): Decoded {
  return guard(() => {
    if (text.length > MAX_JSON_BYTES) throw new StateProblem(`it is larger than ${MAX_JSON_BYTES / 1024} KB`);
    const file = object(parseJson(text), 'the file');
    if (file.format !== FILE_FORMAT) throw new StateProblem(`it is not a view state file (no "format": "${FILE_FORMAT}")`);
    if (file.version !== VIEW_STATE_VERSION) throw new StateProblem(`it is not of version ${VIEW_STATE_VERSION}`);
    return readViewState(file.state);
  });
}

function guard(read: () => ViewState): Decoded {
  try {
    return { state: read() };
  } catch (error) {
    // Only our own words reach the user: a StateProblem, or a fixed sentence for anything else.
    return { problem: error instanceof StateProblem ? error.message : 'it could not be read' };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StateProblem('it is not JSON');
  }
}

function inflateBounded(deflated: Uint8Array): string {
  const out = new Uint8Array(MAX_JSON_BYTES + 1);
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(deflated, { out });
  } catch {
    throw new StateProblem('its compressed data is damaged');
  }
  if (inflated.length > MAX_JSON_BYTES) throw new StateProblem(`it unpacks to more than ${MAX_JSON_BYTES / 1024} KB`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    throw new StateProblem('it is not UTF-8 text');
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    throw new StateProblem('it is not base64url');
  }
}
