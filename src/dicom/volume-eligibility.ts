import type { SliceHeader } from './types';

const SECONDARY_CAPTURE_PREFIX = '1.2.840.10008.5.1.4.1.1.7';
const LOCALIZER_WORDS = ['LOCALIZER', 'SCOUT', 'SURVIEW', 'TOPOGRAM'];

/** Why a group of same-size, same-orientation images cannot become a 3D volume; '' when it can. */
export function notVolumeReason(slices: SliceHeader[], description: string): string {
  const first = slices[0];
  if (!first) return 'no images';
  if (first.sopClassUID.startsWith(SECONDARY_CAPTURE_PREFIX))
    return 'secondary capture (screenshots or reports), not an acquisition';
  if (slices.some((s) => s.samplesPerPixel !== 1 || /^(RGB|YBR|PALETTE)/.test(s.photometricInterpretation))) {
    return `colour images (${first.photometricInterpretation || 'RGB'}), not greyscale CT`;
  }
  const localizerText = [...first.imageType, description.toUpperCase()].join(' ');
  if (LOCALIZER_WORDS.some((word) => localizerText.includes(word))) return 'scout / localizer image';
  if (slices.some((s) => s.numberOfFrames > 1)) return 'multi-frame images are not supported yet';
  if (slices.some((s) => !s.imagePositionPatient || !s.imageOrientationPatient || !s.pixelSpacing)) {
    return 'images lack position, orientation or pixel spacing';
  }
  if (slices.some((s) => s.bitsAllocated !== 8 && s.bitsAllocated !== 16)) {
    return `unsupported ${first.bitsAllocated}-bit pixels`;
  }
  if (slices.length < 2) return 'single image';
  return '';
}
