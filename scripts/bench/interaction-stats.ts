/** The interaction phase's figures from its raw steps and frames, and the goals for them. */
import type { FrameRecord } from '../browser/app-page';
import type { InputRecord, StepOutcome } from './interaction-probes';

/** `p`-th percentile (0–100) by nearest rank; null for no values. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

const r1 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 10) / 10);

/** A run of steps (wheel steps or pointer moves), each timed from its input to the frame that drew it. */
export interface StepSeries {
  /** Steps asked for. */
  steps: number;
  /** Steps with a frame. */
  measured: number;
  /** Steps whose frame did not come within the wait. */
  timeouts: number;
  /** Steps not run (budget, or the phase stopped after repeated timeouts or an error). */
  notRun: number;
  /** Wheel steps that left the slice index unchanged / moves the page never saw. */
  noEffect: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Every step's time in order (null: timeout). */
  stepsMs: (number | null)[];
}

export function stepSeries(steps: number, outcomes: StepOutcome[]): StepSeries {
  const times = outcomes.map((o) => o.ms).filter((ms): ms is number => ms !== null);
  return {
    steps,
    measured: times.length,
    timeouts: outcomes.filter((o) => o.ms === null && !o.noEvent).length,
    notRun: steps - outcomes.length,
    noEffect: outcomes.filter((o) => o.moved === false || o.noEvent).length,
    p50Ms: r1(percentile(times, 50)),
    p95Ms: r1(percentile(times, 95)),
    maxMs: r1(times.length > 0 ? Math.max(...times) : null),
    stepsMs: outcomes.map((o) => r1(o.ms)),
  };
}

export interface RotationFigures {
  /** pointerdown → pointerup in the page. */
  windowMs: number | null;
  /** Moves sent (one every ~16 ms for 3 s). */
  movesSent: number;
  /** pointermove events the page saw: fewer when the browser coalesced moves the page had not taken yet. */
  moves: number;
  /** Frames that drew the 3D pane and finished within the window. */
  frames3d: number;
  /** Frames that drew the 3D pane sent within the window (finished or not). */
  frames3dSent: number;
  fps: number | null;
  /** Each move → the first finished frame after it that drew the 3D pane. */
  moveLatencyP50Ms: number | null;
  moveLatencyP95Ms: number | null;
  /** Moves after which no 3D frame finished (before the end of the phase). */
  movesWithoutFrame: number;
  /** p95 of the moves' wait in the input queue (listener time − event time stamp). */
  moveQueueP95Ms: number | null;
  /** pointerup → the first finished full-quality 3D frame after it; null: none within the wait. */
  fullQualityAfterMs: number | null;
  /** Of the 3D frames in the window, how many were drawn at interactive quality. */
  interactiveFrames: number;
}

/** The rotation's figures from its input records and the frames after its pointerdown. */
export function rotationFigures(
  down: InputRecord | undefined,
  up: InputRecord | undefined,
  moves: InputRecord[],
  frames: FrameRecord[],
  fullFrame: FrameRecord | null,
): Omit<RotationFigures, 'movesSent'> {
  const drew3d = frames.filter((f) => f.panes.includes('3d') && f.finishedAt !== null);
  const sent3d = down && up ? frames.filter((f) => f.panes.includes('3d') && f.sentAt >= down.t && f.sentAt <= up.t) : [];
  const windowMs = down && up ? up.t - down.t : null;
  const inWindow = down && up ? drew3d.filter((f) => f.finishedAt! >= down.t && f.finishedAt! <= up.t) : [];
  const latencies: number[] = [];
  for (const move of moves) {
    const frame = drew3d.find((f) => f.id > move.lastId);
    if (frame) latencies.push(frame.finishedAt! - move.t);
  }
  return {
    windowMs: r1(windowMs),
    moves: moves.length,
    frames3d: inWindow.length,
    frames3dSent: sent3d.length,
    fps: windowMs && windowMs > 0 ? r1(inWindow.length / (windowMs / 1000)) : null,
    moveLatencyP50Ms: r1(percentile(latencies, 50)),
    moveLatencyP95Ms: r1(percentile(latencies, 95)),
    movesWithoutFrame: moves.length - latencies.length,
    moveQueueP95Ms: r1(
      percentile(
        moves.map((m) => m.t - m.stamp),
        95,
      ),
    ),
    fullQualityAfterMs: up && fullFrame ? r1(fullFrame.finishedAt! - up.t) : null,
    interactiveFrames: inWindow.filter((f) => f.quality3d === 'interactive').length,
  };
}

/** The interaction phase of one scenario. */
export interface InteractionFigures {
  /** 20 wheel steps in the axial pane at rest. */
  scroll: StepSeries;
  /** 20 pointer moves of a left-button (W/L) drag in the axial pane. */
  windowLevel: StepSeries;
  /** A 3 s left-button drag in the 3D pane. */
  rotation: RotationFigures | null;
  /** 20 wheel steps in the axial pane right after the rotation's pointerup. */
  scrollAfterRotation: StepSeries;
  /** Why the phase (or part of it) did not run to the end. */
  error: string | null;
  /** Uncaught page errors and WebGL errors during the phase (not counted against the load's `ok`). */
  pageErrors: string[];
  glErrors: string[];
  durationMs: number;
}

/** Goals of issue #14: what a user feels as immediate. */
export const INTERACTION_GOALS = {
  scrollP95Ms: 50,
  /** The 512×512×2000 series (over a GiB of voxels) may take twice as long per slice. */
  scrollP95MsLargeSeries: 100,
  largeSeriesSlices: 1000,
  windowLevelP95Ms: 50,
  rotationFps: 10,
  fullQualityAfterMs: 1500,
  /** The first 3D image (coarse is fine) after the volume is loaded. */
  first3dAfterFullLoadMs: 1000,
} as const;

/** The load's 3D goal missed, as a short sentence (null: met). */
export function missedFirst3dGoal(fullLoadMs: number | null, first3dFrameMs: number | null): string | null {
  const limit = INTERACTION_GOALS.first3dAfterFullLoadMs;
  if (fullLoadMs === null || first3dFrameMs === null) return 'first 3D image not measured';
  const after = Math.round(first3dFrameMs - fullLoadMs);
  return after > limit ? `first 3D image ${after} ms after full load > ${limit} ms` : null;
}

/** The goals missed (empty: all met), each as a short sentence. */
export function missedGoals(figures: InteractionFigures, slices: number | null): string[] {
  const g = INTERACTION_GOALS;
  const scrollLimit = (slices ?? 0) > g.largeSeriesSlices ? g.scrollP95MsLargeSeries : g.scrollP95Ms;
  const missed: string[] = [];
  const series = (name: string, s: StepSeries, limit: number) => {
    if (s.measured < s.steps) missed.push(`${name}: ${s.steps - s.measured} of ${s.steps} steps without a frame`);
    if (s.p95Ms === null || s.p95Ms > limit) missed.push(`${name} p95 ${s.p95Ms ?? '–'} ms > ${limit} ms`);
  };
  series('scroll', figures.scroll, scrollLimit);
  series('W/L', figures.windowLevel, g.windowLevelP95Ms);
  const rotation = figures.rotation;
  if (!rotation || rotation.fps === null || rotation.fps < g.rotationFps) {
    missed.push(`rotation ${rotation?.fps ?? '–'} fps < ${g.rotationFps}`);
  }
  if (!rotation || rotation.fullQualityAfterMs === null || rotation.fullQualityAfterMs > g.fullQualityAfterMs) {
    missed.push(`full quality ${rotation?.fullQualityAfterMs ?? '–'} ms after rotation > ${g.fullQualityAfterMs} ms`);
  }
  series('scroll after rotation', figures.scrollAfterRotation, scrollLimit);
  return missed;
}
