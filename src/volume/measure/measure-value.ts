import type { Vec3 } from '../../math/vec3';
import type { CtVolume } from '../ct-volume';
import { sampleWorld } from '../world-interpolation';
import { angleDeg, lengthMm } from './line-measures';
import type { MeasurementKind, MeasurementValue, SlicePlane } from './measurement-record';
import { roiStatistics } from './roi-statistics';

type Volume = Pick<CtVolume, 'origin' | 'spacing' | 'axes' | 'dimensions' | 'scalars'>;

/**
 * What a measurement of `kind` through `points` on `plane` measures. Lengths and angles need only the
 * world points; an ROI and a probe read the volume's HU (null without a volume, or outside it).
 */
export function measure(
  kind: MeasurementKind,
  points: readonly Vec3[],
  plane: SlicePlane,
  volume: Volume | null,
): MeasurementValue {
  switch (kind) {
    case 'length':
      return { value: lengthMm(points[0]!, points[1]!), unit: 'mm' };
    case 'angle':
      return { value: angleDeg(points[0]!, points[1]!, points[2]!), unit: '°' };
    case 'ellipse':
    case 'rectangle': {
      if (!volume) return { value: null, unit: 'HU' };
      const roi = roiStatistics(volume, kind, plane, [points[0]!, points[1]!]);
      return { value: roi.mean, unit: 'HU', roi };
    }
    case 'probe':
      // Trilinear, as the pane draws it and as the cursor read-out says.
      return { value: volume ? sampleWorld(volume, points[0]!) : null, unit: 'HU' };
  }
}
