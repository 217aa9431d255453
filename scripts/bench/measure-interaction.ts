/**
 * The interaction phase, on the page the load left ready: how long the viewer takes to show what a
 * user does, each input timed in the page to the GPU-finished frame that drew the pane (see
 * interaction-probes.ts):
 *
 * 1. 20 wheel steps in the axial pane at rest;
 * 2. a left-button (W/L) drag in the axial pane: 20 moves of ~4 px;
 * 3. a 3 s left-button drag in the 3D pane (rotation), a move every ~16 ms along a circle: 3D frames
 *    per second, each move's time to the next 3D frame, pointerup → the first full-quality 3D frame;
 * 4. 20 wheel steps in the axial pane starting right after that pointerup.
 *
 * After each step the phase waits for its frame (at most STEP_TIMEOUT_MS: a timeout is a figure,
 * not a failure), then STEP_PAUSE_MS. Wheel steps are WheelEvents dispatched in the page (the time
 * taken right before); drags are browser mouse input (raw-mouse.ts), timed by capturing listeners.
 * The rotation's moves are sent on the clock, not each after the page took the last one.
 */
import type { AppPage } from '../browser/app-page';
import { InteractionProbes, type StepOutcome } from './interaction-probes';
import { type InteractionFigures, type RotationFigures, rotationFigures, stepSeries } from './interaction-stats';
import { firstLine, withTimeout } from './limits';
import { traced } from './interaction-trace';
import { RawMouse } from './raw-mouse';

const WHEEL_STEPS = 20;
const WL_MOVES = 20;
/** One W/L move: ~4 px, mostly along x (the window width). */
const WL_MOVE_PX: [number, number] = [4, 1];
const ROTATION_MS = 3_000;
const MOVE_INTERVAL_MS = 16;
const STEP_PAUSE_MS = 50;
const STEP_TIMEOUT_MS = 30_000;
/** A phase stops after this many steps in a row without a frame: the rest would only wait too. */
const MAX_TIMEOUTS_IN_A_ROW = 3;
/** "At rest": no frame sent for this long, the last one finished. */
const QUIET_MS = 250;
const QUIET_TIMEOUT_MS = 10_000;
/** The whole phase's bound, so a slow scenario leaves the run's budget to the baseline after it. */
const PHASE_LIMIT_MS = 180_000;
/** Below this much time left, steps are not started. */
const MIN_WAIT_MS = 3_000;
/** Extra time a page call gets beyond its own wait before it counts as hung. */
const CALL_SLACK_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the four parts in order; each failure is recorded (never thrown) and the next part still runs. */
export async function measureInteraction(
  app: AppPage,
  budgetLeftMs: () => number,
  label = 'interaction',
): Promise<InteractionFigures> {
  const run = new InteractionRun(app, budgetLeftMs);
  try {
    if (!(await run.call(run.probes.install(), 0, 'installing probes').catch(() => false))) {
      run.errors.push('the page reports no frames (window.ctViewer.frames missing)');
      return run.figures();
    }
    run.mouse = await RawMouse.open(app.page);
    const page = app.page;
    await run.part('scroll', () => traced(page, label, 'scroll', () => run.scroll()));
    await run.part('W/L drag', () => traced(page, label, 'window-level', () => run.windowLevelDrag()));
    await run.part('rotation', () => traced(page, label, 'rotation', () => run.rotation()));
  } catch (error) {
    run.errors.push(firstLine(error));
  } finally {
    await run.mouse?.close();
  }
  return run.figures();
}

type Step = (i: number, waitMs: number) => Promise<StepOutcome>;

class InteractionRun {
  readonly probes: InteractionProbes;
  readonly errors: string[] = [];
  mouse: RawMouse | undefined;
  private readonly start = performance.now();
  private readonly outcomes: Record<'scroll' | 'windowLevel' | 'afterRotation', StepOutcome[]> = {
    scroll: [],
    windowLevel: [],
    afterRotation: [],
  };
  private rotationResult: RotationFigures | null = null;

  constructor(
    private readonly app: AppPage,
    private readonly budgetLeftMs: () => number,
  ) {
    this.probes = new InteractionProbes(app.page);
  }

  figures(): InteractionFigures {
    return {
      scroll: stepSeries(WHEEL_STEPS, this.outcomes.scroll),
      windowLevel: stepSeries(WL_MOVES, this.outcomes.windowLevel),
      rotation: this.rotationResult,
      scrollAfterRotation: stepSeries(WHEEL_STEPS, this.outcomes.afterRotation),
      error: this.errors.length > 0 ? this.errors.join('; ') : null,
      pageErrors: [],
      glErrors: [],
      durationMs: Math.round(performance.now() - this.start),
    };
  }

  /** Runs one part; its failure is recorded under its name. */
  async part(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.errors.push(`${name}: ${firstLine(error)}`);
    }
  }

  /** A call into the page or browser that waits up to `waitMs` itself: it counts as hung a while after. */
  call<T>(promise: Promise<T>, waitMs: number, what: string): Promise<T> {
    return withTimeout(promise, waitMs + CALL_SLACK_MS, what);
  }

  /** 1. Wheel steps at rest. */
  async scroll(): Promise<void> {
    await this.atRest();
    await this.wheelSteps(this.outcomes.scroll);
  }

  /** 2. A left-button drag in the axial pane, each move awaited and answered before the next. */
  async windowLevelDrag(): Promise<void> {
    const mouse = this.mouse!;
    const box = await this.app.paneBox('axial', 10_000);
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await this.call(mouse.move(x, y), 0, 'mouse move');
    await this.atRest();
    await this.probes.clearInput();
    await this.call(mouse.down(x, y), 0, 'mouse down');
    let [px, py] = [x, y];
    try {
      await this.steps(this.outcomes.windowLevel, WL_MOVES, 'W/L move', async (i, wait) => {
        [px, py] = [x + WL_MOVE_PX[0] * (i + 1), y + WL_MOVE_PX[1] * (i + 1)];
        await this.call(mouse.move(px, py), wait, 'mouse move');
        return this.probes.afterMove(i + 1, 'axial', wait);
      });
    } finally {
      await this.call(mouse.up(px, py), STEP_TIMEOUT_MS, 'mouse up');
    }
  }

  /** 3. A left-button drag around the 3D pane's centre, then 4. wheel steps right after its pointerup. */
  async rotation(): Promise<void> {
    const mouse = this.mouse!;
    const box = await this.app.paneBox('3d', 10_000);
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    const radius = 0.25 * Math.min(box.width, box.height);
    const at = (elapsedMs: number): [number, number] => {
      const angle = (2 * Math.PI * elapsedMs) / ROTATION_MS;
      return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
    };
    await this.call(mouse.move(...at(0)), 0, 'mouse move');
    await this.atRest();
    await this.probes.clearInput();
    await this.call(mouse.down(...at(0)), 0, 'mouse down');
    const sent: Promise<unknown>[] = [];
    try {
      const t0 = performance.now();
      for (let n = 1; n * MOVE_INTERVAL_MS <= ROTATION_MS; n++) {
        const ahead = t0 + n * MOVE_INTERVAL_MS - performance.now();
        if (ahead > 0) await sleep(ahead);
        sent.push(mouse.move(...at(n * MOVE_INTERVAL_MS)).catch(() => undefined));
      }
    } finally {
      // taken by the page after every move before it
      await this.call(mouse.up(...at(ROTATION_MS)), STEP_TIMEOUT_MS, 'mouse up');
    }
    await this.call(Promise.all(sent), 0, 'mouse moves');
    // 4. at once, without waiting for the full-quality frame
    await this.part('scroll after rotation', () => this.wheelSteps(this.outcomes.afterRotation));

    const input = await this.call(this.probes.inputLog(), 0, 'reading input');
    const down = input.pointerdown[0];
    const up = input.pointerup.at(-1);
    if (!down || !up) throw new Error('the page saw no pointerdown/pointerup of the rotation');
    const wait = Math.min(STEP_TIMEOUT_MS, Math.max(0, this.left()));
    const full = await this.call(this.probes.waitFrame(up.lastId, '3d', 'full', wait), wait, 'full-quality frame');
    if (!full) this.errors.push(`rotation: no full-quality 3D frame within ${(wait / 1000).toFixed(0)} s of pointerup`);
    const frames = await this.call(this.app.frames(down.lastId), 0, 'reading frames');
    const moves = input.pointermove.filter((m) => m.t >= down.t && m.t <= up.t);
    this.rotationResult = { movesSent: sent.length, ...rotationFigures(down, up, moves, frames, full) };
  }

  private left(): number {
    return Math.min(this.budgetLeftMs(), this.start + PHASE_LIMIT_MS - performance.now());
  }

  /** `wanted`, or what is left of the phase's time when less; throws when too little is left. */
  private waitFor(wanted: number): number {
    const ms = Math.min(wanted, this.left());
    if (ms < MIN_WAIT_MS) throw new Error('run budget exhausted');
    return ms;
  }

  private async atRest(): Promise<void> {
    const wait = this.waitFor(QUIET_TIMEOUT_MS);
    if (!(await this.call(this.probes.quiet(QUIET_MS, wait), wait, 'waiting for rest'))) {
      this.errors.push('the viewer was still drawing before a part');
    }
  }

  /** Steps until `count`, or until MAX_TIMEOUTS_IN_A_ROW in a row had no frame; `step` gets its wait. */
  private async steps(into: StepOutcome[], count: number, name: string, step: Step): Promise<void> {
    let timeoutsInARow = 0;
    for (let i = 0; i < count; i++) {
      const wait = this.waitFor(STEP_TIMEOUT_MS);
      const outcome = await this.call(step(i, wait), wait, name);
      into.push(outcome);
      timeoutsInARow = outcome.ms === null ? timeoutsInARow + 1 : 0;
      if (timeoutsInARow >= MAX_TIMEOUTS_IN_A_ROW) throw new Error(`${MAX_TIMEOUTS_IN_A_ROW} steps in a row without a frame`);
      await sleep(STEP_PAUSE_MS);
    }
  }

  private wheelSteps(into: StepOutcome[]): Promise<void> {
    return this.steps(into, WHEEL_STEPS, 'wheel step', (_, wait) => this.probes.wheelStep(wait));
  }
}
