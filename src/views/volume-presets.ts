/**
 * Volume-rendering presets defined in HU, so they mean the same on every CT whatever its storage.
 * colour: [HU, r, g, b]; opacity: [HU, alpha]. MIP ignores the opacity curve and uses a grey ramp
 * over the current window.
 */
export interface VolumePreset {
  label: string;
  blend: BlendName;
  shade: boolean;
  colour: Array<[number, number, number, number]>;
  opacity: Array<[number, number]>;
}

export type BlendName = 'composite' | 'mip' | 'minip' | 'average';

export const VOLUME_PRESETS = {
  bone: {
    label: 'Bone',
    blend: 'composite',
    shade: true,
    colour: [
      [-1000, 0, 0, 0],
      [150, 0.55, 0.25, 0.15],
      [300, 0.88, 0.6, 0.29],
      [700, 1, 0.94, 0.82],
      [3000, 1, 1, 1],
    ],
    opacity: [
      [-1000, 0],
      [150, 0],
      [300, 0.2],
      [700, 0.75],
      [3000, 0.9],
    ],
  },
  'soft-tissue': {
    label: 'Soft tissue',
    blend: 'composite',
    shade: true,
    colour: [
      [-1000, 0, 0, 0],
      [-100, 0.73, 0.55, 0.4],
      [40, 0.85, 0.45, 0.4],
      [200, 0.95, 0.85, 0.75],
      [1000, 1, 1, 0.95],
    ],
    opacity: [
      [-1000, 0],
      [-300, 0],
      [-100, 0.08],
      [40, 0.25],
      [200, 0.4],
      [1000, 0.8],
    ],
  },
  vessels: {
    label: 'Vessels (angio)',
    blend: 'composite',
    shade: true,
    colour: [
      [-1000, 0, 0, 0],
      [100, 0.6, 0.05, 0.05],
      [250, 0.95, 0.3, 0.2],
      [500, 1, 0.85, 0.7],
      [3000, 1, 1, 1],
    ],
    opacity: [
      [-1000, 0],
      [120, 0],
      [200, 0.3],
      [400, 0.7],
      [3000, 0.85],
    ],
  },
  lung: {
    label: 'Lung',
    blend: 'composite',
    shade: true,
    colour: [
      [-1000, 0.3, 0.3, 0.45],
      [-900, 0.55, 0.6, 0.8],
      [-500, 0.85, 0.75, 0.7],
      [0, 0.9, 0.5, 0.45],
      [1000, 1, 1, 1],
    ],
    opacity: [
      [-1000, 0],
      [-950, 0],
      [-850, 0.12],
      [-500, 0.04],
      [-300, 0],
      [3000, 0],
    ],
  },
  mip: {
    label: 'MIP',
    blend: 'mip',
    shade: false,
    colour: [
      [-1000, 0, 0, 0],
      [3000, 1, 1, 1],
    ],
    opacity: [
      [-1000, 1],
      [3000, 1],
    ],
  },
} as const satisfies Record<string, VolumePreset>;

export type VolumePresetName = keyof typeof VOLUME_PRESETS;
