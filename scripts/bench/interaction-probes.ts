/**
 * What the interaction phase runs inside the app's page: input times taken where the app sees the
 * input, and waits for the frame that shows it. All times are the page's performance.now(), the
 * clock of `ctViewer.frames()` (src/views/automation-hooks.ts); the frame that answers an input is
 * the first frame sent after it (a higher id than the last one when the input arrived) that drew the
 * pane in question, once the GPU has finished it.
 */
import type { Page } from 'playwright-core';
import type { FrameRecord, ViewerPane } from '../browser/app-page';

/** An input event as the page saw it: capturing listeners on window run before the app's own. */
export interface InputRecord {
  /** performance.now() in the listener. */
  t: number;
  /** The event's own time stamp (when the browser created it): t minus this is the wait in the input queue. */
  stamp: number;
  /** ctViewer.lastFrameId() in the listener: frames with higher ids were sent after the event. */
  lastId: number;
}

export interface InputLog {
  pointerdown: InputRecord[];
  pointermove: InputRecord[];
  pointerup: InputRecord[];
}

/** One wheel step or pointer move and the frame that answered it. */
export interface StepOutcome {
  /** Input → that frame finished on the GPU; null: no such frame within the wait (a timeout). */
  ms: number | null;
  /** The page saw no input event for the step (pointer moves only). */
  noEvent?: boolean;
  /** The slice index of the pane changed (wheel steps only). */
  moved?: boolean;
}

/*
 * Page-side code is kept in strings: tsx (esbuild keepNames) would wrap named inner functions
 * of a TypeScript callback in a `__name` helper that does not exist in the page.
 */

/**
 * Installs `window.__bench` once: the input log (capturing pointer listeners), `waitFrame` and
 * `wheelDirection`. Returns false when the page reports no frames (an app without ctViewer.frames).
 */
const INSTALL_SOURCE = `(() => {
  const viewer = () => window.ctViewer;
  if (typeof viewer()?.frames !== 'function' || typeof viewer()?.lastFrameId !== 'function') return false;
  if (window.__bench) return true;
  const input = { pointerdown: [], pointermove: [], pointerup: [] };
  for (const type of Object.keys(input)) {
    window.addEventListener(type, (event) => {
      input[type].push({ t: performance.now(), stamp: event.timeStamp, lastId: viewer().lastFrameId() });
    }, { capture: true });
  }
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // The first frame after frame afterId that drew pane (with that 3D quality, if given), once finished;
  // null when none finished within timeoutMs. Fences finish in order: a later frame cannot finish first.
  const waitFrame = async (afterId, pane, quality, timeoutMs) => {
    const end = performance.now() + timeoutMs;
    for (;;) {
      const frame = viewer().frames(afterId).find((f) => f.panes.includes(pane) && (quality === null || f.quality3d === quality));
      if (frame && frame.finishedAt !== null) return frame;
      if (performance.now() > end) return null;
      await sleep(4);
    }
  };
  window.__bench = { input, waitFrame, wheelDirection: 1 };
  return true;
})()`;

/** Empties the input log; returns nothing. */
const CLEAR_INPUT_SOURCE = `(() => { for (const list of Object.values(window.__bench.input)) list.length = 0; })()`;

/**
 * Resolves once no frame has been sent for quietMs and the last one has finished (true), or after
 * timeoutMs (false).
 */
const QUIET_SOURCE = `async ({ quietMs, timeoutMs }) => {
  const viewer = window.ctViewer;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const end = performance.now() + timeoutMs;
  let last = viewer.lastFrameId();
  let since = performance.now();
  for (;;) {
    await sleep(20);
    const id = viewer.lastFrameId();
    const pending = viewer.frames(Math.max(0, id - 1)).some((f) => f.finishedAt === null);
    if (id !== last || pending) {
      last = id;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return true;
    if (performance.now() > end) return false;
  }
}`;

/**
 * One wheel step (deltaY ±100: one slice) dispatched on the axial pane at its centre, the time taken
 * right before dispatch; then the wait for the frame that drew the axial pane. Turns at either end of
 * the series, so every step changes the slice.
 */
const WHEEL_STEP_SOURCE = `async ({ timeoutMs }) => {
  const bench = window.__bench;
  const pane = document.querySelector('[data-testid="view-axial"]');
  if (!pane) throw new Error('axial pane not found');
  const index = Number(pane.dataset.sliceIndex);
  const count = Number(pane.dataset.sliceCount);
  if (bench.wheelDirection > 0 && index >= count - 1) bench.wheelDirection = -1;
  else if (bench.wheelDirection < 0 && index <= 0) bench.wheelDirection = 1;
  const box = pane.getBoundingClientRect();
  const event = new WheelEvent('wheel', {
    deltaY: 100 * bench.wheelDirection,
    deltaMode: 0,
    bubbles: true,
    cancelable: true,
    clientX: box.left + box.width / 2,
    clientY: box.top + box.height / 2,
  });
  const lastId = window.ctViewer.lastFrameId();
  const t = performance.now();
  pane.dispatchEvent(event);
  const frame = await bench.waitFrame(lastId, 'axial', null, timeoutMs);
  return { ms: frame ? frame.finishedAt - t : null, moved: Number(pane.dataset.sliceIndex) !== index };
}`;

/**
 * The wait after a pointer move sent from outside (Playwright's mouse): the page's last pointermove,
 * if it is the `count`-th since the log was emptied, and the frame after it that drew `pane`.
 */
const AFTER_MOVE_SOURCE = `async ({ count, pane, timeoutMs }) => {
  const moves = window.__bench.input.pointermove;
  if (moves.length < count) return { ms: null, noEvent: true };
  const move = moves[moves.length - 1];
  const frame = await window.__bench.waitFrame(move.lastId, pane, null, timeoutMs);
  return { ms: frame ? frame.finishedAt - move.t : null };
}`;

export class InteractionProbes {
  constructor(private readonly page: Page) {}

  /** Installs the page side; false when the app reports no frames. */
  async install(): Promise<boolean> {
    return (await this.page.evaluate(INSTALL_SOURCE)) as boolean;
  }

  async clearInput(): Promise<void> {
    await this.page.evaluate(CLEAR_INPUT_SOURCE);
  }

  async inputLog(): Promise<InputLog> {
    return (await this.page.evaluate('window.__bench.input')) as InputLog;
  }

  /** Waits until the viewer has drawn nothing for `quietMs` (false: it still drew after `timeoutMs`). */
  async quiet(quietMs: number, timeoutMs: number): Promise<boolean> {
    return (await this.page.evaluate(`(${QUIET_SOURCE})(${JSON.stringify({ quietMs, timeoutMs })})`)) as boolean;
  }

  async wheelStep(timeoutMs: number): Promise<StepOutcome> {
    return (await this.page.evaluate(`(${WHEEL_STEP_SOURCE})(${JSON.stringify({ timeoutMs })})`)) as StepOutcome;
  }

  /** After the `count`-th pointer move since `clearInput`: its time to the frame that drew `pane`. */
  async afterMove(count: number, pane: ViewerPane, timeoutMs: number): Promise<StepOutcome> {
    const arg = JSON.stringify({ count, pane, timeoutMs });
    return (await this.page.evaluate(`(${AFTER_MOVE_SOURCE})(${arg})`)) as StepOutcome;
  }

  /** The first finished frame after `afterId` that drew `pane` (at `quality`, if given); null after `timeoutMs`. */
  async waitFrame(
    afterId: number,
    pane: ViewerPane,
    quality: FrameRecord['quality3d'],
    timeoutMs: number,
  ): Promise<FrameRecord | null> {
    const args = [afterId, pane, quality, timeoutMs].map((a) => JSON.stringify(a)).join(', ');
    return (await this.page.evaluate(`window.__bench.waitFrame(${args})`)) as FrameRecord | null;
  }
}
