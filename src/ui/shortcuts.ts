/**
 * The app's keyboard shortcuts in one registry: page-wide keys with their handlers, and the keys a
 * focused pane handles itself (listed only), so that the `?` sheet lists every key there is. Other
 * tools register with `shortcuts.register(…)`; a key registered twice is a programming error.
 */

/** What a key does; `key` is KeyboardEvent.key ('?', 'g', 'Delete'), letters matched in either case. */
export interface Shortcut {
  key: string;
  description: string;
  handler: () => void;
  /** Where it applies, for the sheet ('page' unless said). */
  where?: string;
}

/** A key handled elsewhere (by a focused pane, a list row): listed in the sheet, not dispatched here. */
export interface ListedKey {
  keys: string;
  description: string;
  where: string;
}

export interface ShortcutEntry {
  keys: string;
  description: string;
  where: string;
}

/** The part of a KeyboardEvent the registry reads (a plain object in the unit tests). */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

const TYPING_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
/** Keys that also press a focused button or row: left to it. */
const ACTIVATION_KEYS = new Set([' ', 'Enter']);

/** Whether a key pressed in `target` is the user typing (a field, a select, editable text). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as { tagName?: unknown; isContentEditable?: unknown } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  return TYPING_TAGS.has(element.tagName.toUpperCase()) || element.isContentEditable === true;
}

function isActivationTarget(target: EventTarget | null): boolean {
  const element = target as { tagName?: unknown; getAttribute?: (name: string) => string | null } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  return ['BUTTON', 'A', 'SUMMARY'].includes(element.tagName.toUpperCase()) || element.getAttribute?.('role') === 'button';
}

/** Letters match in either case (caps lock, shift); any other key exactly. */
function normalise(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key;
}

export class ShortcutRegistry {
  private readonly byKey = new Map<string, Shortcut>();
  private readonly listed: ListedKey[] = [];
  private readonly listeners = new Set<() => void>();

  /** Adds a page-wide key; returns what removes it again. */
  register(shortcut: Shortcut): () => void {
    const key = normalise(shortcut.key);
    const taken = this.byKey.get(key);
    if (taken)
      throw new Error(`key "${shortcut.key}" is already "${taken.description}", cannot also be "${shortcut.description}"`);
    this.byKey.set(key, shortcut);
    this.changed();
    return () => {
      if (this.byKey.get(key) === shortcut) this.byKey.delete(key);
      this.changed();
    };
  }

  /** Lists keys handled elsewhere (a focused pane's own keys). */
  list(key: ListedKey): void {
    this.listed.push(key);
    this.changed();
  }

  /** Every key, page-wide ones first, in the order they were added. */
  entries(): ShortcutEntry[] {
    const page = [...this.byKey.values()].map((s) => ({ keys: s.key, description: s.description, where: s.where ?? 'page' }));
    return [...page, ...this.listed];
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /**
   * Runs the key's handler; true when it did. Keys typed into a field, with Ctrl, Meta or Alt (the
   * browser's and the system's), or already taken by the element they were pressed in, are left alone.
   */
  handle(event: KeyInput): boolean {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return false;
    if (isTypingTarget(event.target)) return false;
    if (ACTIVATION_KEYS.has(event.key) && isActivationTarget(event.target)) return false;
    const shortcut = this.byKey.get(normalise(event.key));
    if (!shortcut) return false;
    event.preventDefault();
    shortcut.handler();
    return true;
  }

  /** Listens on `target` (the document): after the focused element's own key handlers, which bubble first. */
  attach(target: Pick<Document, 'addEventListener'>): void {
    target.addEventListener('keydown', (event) => this.handle(event));
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The app's one registry (attached to the document by main.ts). */
export const shortcuts = new ShortcutRegistry();
