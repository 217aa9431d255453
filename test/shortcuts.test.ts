/**
 * The keyboard registry, the cine clock and the layout table without a page: keys run their handler
 * unless typed into a field, pressed with a modifier or already taken by the focused element; a key
 * cannot be taken twice; cine steps follow the rate, loop, and catch up after a slow frame.
 */
import { describe, expect, it } from 'vitest';
import { CineClock, cineRate, loopedSlice } from '../src/ui/cine-clock';
import { type KeyInput, ShortcutRegistry, isTypingTarget } from '../src/ui/shortcuts';
import { LAYOUTS, LAYOUT_NAMES, isLayoutName, layoutShows, nextLayout } from '../src/views/layouts';

function press(key: string, target: object | null = { tagName: 'DIV' }, extra: Partial<KeyInput> = {}) {
  const event = {
    key,
    target: target as EventTarget | null,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    ...extra,
  };
  return event;
}

describe('shortcut registry', () => {
  it('runs the handler of a registered key, letters in either case, and says it took the key', () => {
    const registry = new ShortcutRegistry();
    let runs = 0;
    registry.register({ key: 'g', description: 'Next layout', handler: () => runs++ });
    const lower = press('g');
    expect(registry.handle(lower)).toBe(true);
    expect(lower.defaultPrevented).toBe(true);
    expect(registry.handle(press('G'))).toBe(true);
    expect(registry.handle(press('h'))).toBe(false);
    expect(runs).toBe(2);
  });

  it('leaves keys typed into fields, with modifiers, or taken by the focused element alone', () => {
    const registry = new ShortcutRegistry();
    let runs = 0;
    registry.register({ key: 'c', description: 'Cine', handler: () => runs++ });
    registry.register({ key: ' ', description: 'Space', handler: () => runs++ });
    for (const tagName of ['INPUT', 'select', 'TEXTAREA']) expect(registry.handle(press('c', { tagName }))).toBe(false);
    expect(registry.handle(press('c', { tagName: 'DIV', isContentEditable: true }))).toBe(false);
    expect(registry.handle(press('c', undefined, { ctrlKey: true }))).toBe(false);
    expect(registry.handle(press('c', undefined, { metaKey: true }))).toBe(false);
    expect(registry.handle(press('c', undefined, { altKey: true }))).toBe(false);
    expect(registry.handle(press('c', undefined, { defaultPrevented: true }))).toBe(false);
    // Space presses a focused button or row: it is the button's.
    expect(registry.handle(press(' ', { tagName: 'BUTTON' }))).toBe(false);
    expect(registry.handle(press(' ', { tagName: 'LI', getAttribute: (n: string) => (n === 'role' ? 'button' : null) }))).toBe(
      false,
    );
    expect(runs).toBe(0);
    expect(registry.handle(press('c', { tagName: 'BUTTON' }))).toBe(true);
    expect(registry.handle(press('c', null))).toBe(true);
    expect(runs).toBe(2);
    expect(isTypingTarget({ tagName: 'input' } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('refuses a key taken twice, naming both uses; unregistering frees it', () => {
    const registry = new ShortcutRegistry();
    const off = registry.register({ key: 'g', description: 'Next layout', handler: () => undefined });
    expect(() => registry.register({ key: 'G', description: 'Grid', handler: () => undefined })).toThrow(
      'key "G" is already "Next layout", cannot also be "Grid"',
    );
    off();
    expect(registry.handle(press('g'))).toBe(false);
    expect(() => registry.register({ key: 'g', description: 'Grid', handler: () => undefined })).not.toThrow();
  });

  it('lists page keys and the keys panes handle themselves, in order, and tells listeners', () => {
    const registry = new ShortcutRegistry();
    let changes = 0;
    registry.onChange(() => changes++);
    registry.register({ key: '?', description: 'Keys', handler: () => undefined });
    registry.list({ keys: 'm', description: 'Maximise', where: 'focused pane' });
    registry.register({ key: 'c', description: 'Cine', handler: () => undefined, where: 'slice panes' });
    expect(registry.entries()).toEqual([
      { keys: '?', description: 'Keys', where: 'page' },
      { keys: 'c', description: 'Cine', where: 'slice panes' },
      { keys: 'm', description: 'Maximise', where: 'focused pane' },
    ]);
    expect(changes).toBe(3);
    // A listed key is not dispatched here: the pane's own handler has it.
    expect(registry.handle(press('m'))).toBe(false);
  });
});

describe('cine clock', () => {
  it('steps at the rate from its first frame, one slice per frame at most: a slow display slows it, never skips', () => {
    const clock = new CineClock(10);
    const at = (times: number[]) => times.map((t) => clock.due(t));
    expect(at([1000, 1050, 1099.5, 1116, 1190])).toEqual([false, false, true, false, false]);
    // Frames 200 ms late: one step, one more at the next frame, then on a new schedule (no burst).
    expect(at([1400, 1416, 1433, 1450, 1500, 1520])).toEqual([true, true, false, false, true, false]);
    // Over a second of 60 Hz frames: exactly the rate.
    for (const fps of [1, 8, 24, 30, 60]) {
      const steady = new CineClock(fps);
      let steps = 0;
      for (let frame = 0; frame <= 60; frame++) steps += Number(steady.due((frame * 1000) / 60));
      expect(steps, `${fps} fps`).toBe(fps);
    }
  });

  it('loops through the slices and reads the rate from the input within range', () => {
    expect(loopedSlice(62, 1, 64)).toBe(63);
    expect(loopedSlice(63, 1, 64)).toBe(0);
    expect(loopedSlice(63, 3, 64)).toBe(2);
    expect(loopedSlice(0, -1, 64)).toBe(63);
    expect(cineRate('15')).toBe(15);
    expect(cineRate('0')).toBe(1);
    expect(cineRate('1000')).toBe(60);
    expect(cineRate('fast')).toBe(10);
    expect(cineRate('')).toBe(10);
  });
});

describe('layouts', () => {
  it('names five layouts, each with its panes, and cycles through them all', () => {
    expect(LAYOUT_NAMES).toEqual(['2x2', '1x3', 'axial', '3d', 'axial-3d']);
    expect(LAYOUTS['2x2'].panes).toEqual(['axial', 'coronal', 'sagittal', '3d']);
    expect(layoutShows('1x3', '3d')).toBe(false);
    expect(layoutShows('axial-3d', '3d')).toBe(true);
    expect(layoutShows('axial-3d', 'coronal')).toBe(false);
    expect(layoutShows('2x2', 'image2d')).toBe(false);
    const seen = [];
    let layout = nextLayout('axial-3d');
    for (let i = 0; i < 5; i++, layout = nextLayout(layout)) seen.push(layout);
    expect(seen).toEqual(LAYOUT_NAMES);
    expect(isLayoutName('toString')).toBe(false);
    expect(isLayoutName('3d')).toBe(true);
  });
});
