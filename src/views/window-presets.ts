/**
 * CT window presets (centre / width in HU). Common radiology values; sources vary by a few HU and
 * these follow widely used reading-room defaults.
 *
 * | preset       | centre | width |
 * |--------------|-------:|------:|
 * | brain        |     40 |    80 |
 * | subdural     |     75 |   215 |
 * | stroke       |     40 |    40 |
 * | lung         |   −600 |  1500 |
 * | mediastinum  |     50 |   350 |
 * | abdomen      |     40 |   400 |
 * | liver        |     60 |   160 |
 * | bone         |    400 |  1800 |
 */
export const WINDOW_PRESETS = {
  brain: { center: 40, width: 80 },
  subdural: { center: 75, width: 215 },
  stroke: { center: 40, width: 40 },
  lung: { center: -600, width: 1500 },
  mediastinum: { center: 50, width: 350 },
  abdomen: { center: 40, width: 400 },
  liver: { center: 60, width: 160 },
  bone: { center: 400, width: 1800 },
} as const satisfies Record<string, WindowLevel>;

export type WindowPresetName = keyof typeof WINDOW_PRESETS;

export interface WindowLevel {
  center: number;
  width: number;
}

/** The 8-bit grey a display shows for a HU value under a window (DICOM linear VOI, floor then clamp). */
export function greyLevel(hu: number, window: WindowLevel): number {
  const value = Math.floor(((hu - (window.center - window.width / 2)) / window.width) * 255);
  return Math.min(255, Math.max(0, value));
}

/** Mouse drag → new window: horizontal changes width, vertical changes level, scaled to the current width. */
export function dragWindow(start: WindowLevel, dx: number, dy: number): WindowLevel {
  const sensitivity = Math.max(1, start.width) / 256;
  return {
    width: Math.max(1, Math.round(start.width + dx * sensitivity * 2)),
    center: Math.round(start.center - dy * sensitivity * 2),
  };
}
