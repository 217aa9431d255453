import type { Image } from 'itk-wasm';
import type { CtVolume } from './ct-volume';
import type { LabelMask } from './label-mask';
import { segNrrdMetadata } from './seg-nrrd';
import { volumeToItkImage } from './to-itk-image';

/** The formats a volume or a label mask is written in, by the extension itk-wasm picks its writer from. */
export type VolumeFileFormat = 'nifti' | 'nrrd';
export type LabelFileFormat = 'nifti' | 'seg-nrrd';

export const VOLUME_FILE_EXTENSIONS: Readonly<Record<VolumeFileFormat, string>> = { nifti: '.nii.gz', nrrd: '.nrrd' };
export const LABEL_FILE_EXTENSIONS: Readonly<Record<LabelFileFormat, string>> = { nifti: '.nii.gz', 'seg-nrrd': '.seg.nrrd' };

/** ITK's metadata key for a file's free-text description: NIfTI `descrip`, an NRRD `key:=value` line. */
export const DESCRIPTION_KEY = 'ITK_FileNotes';
/** NIfTI-1 `descrip` is char[80], NUL-terminated. */
export const NIFTI_DESCRIPTION_BYTES = 79;

const WHAT_IT_IS = 'Corrected world-true volume (HU)';

/**
 * The file's description: that this is the corrected, world-true volume (not the stored slices) and
 * what was corrected, in printable ASCII (NIfTI's descrip has no character set; an NRRD header line
 * must not break), cut to `maxBytes` with an ellipsis.
 */
export function volumeFileDescription(volume: Pick<CtVolume, 'corrections'>, maxBytes = Infinity): string {
  const corrected = volume.corrections.length > 0 ? volume.corrections.join('; ') : 'regular grid, nothing to correct';
  return fitAscii(`${WHAT_IT_IS}: ${corrected}`, maxBytes);
}

/** Printable ASCII for a header: degree signs and dashes spelt out, other characters and controls as '?'. */
export function headerAscii(text: string): string {
  return text
    .replace(/°/g, ' deg')
    .replace(/[–—]/g, '-')
    .replace(/×/g, 'x')
    .replace(/[^\x20-\x7e]/g, '?');
}

function fitAscii(text: string, maxBytes: number): string {
  const ascii = headerAscii(text);
  return ascii.length <= maxBytes ? ascii : `${ascii.slice(0, Math.max(0, maxBytes - 3))}...`;
}

/** The itk-wasm image written for a volume: the CLI's conversion, with the description in its metadata. */
export function volumeFileImage(volume: CtVolume, format: VolumeFileFormat): Image {
  const image = volumeToItkImage(volume);
  const maxBytes = format === 'nifti' ? NIFTI_DESCRIPTION_BYTES : Infinity;
  image.metadata = new Map([[DESCRIPTION_KEY, volumeFileDescription(volume, maxBytes)]]);
  return image;
}

/** The itk-wasm image of a label mask (uint8 labels on the mask's own grid), seg.nrrd keys for Slicer. */
export function labelFileImage(mask: LabelMask, format: LabelFileFormat): Image {
  const direction = new Float64Array(9);
  for (let axis = 0; axis < 3; axis++) {
    for (let row = 0; row < 3; row++) direction[row * 3 + axis] = mask.axes[axis]![row]!;
  }
  const description = fitAscii(`CT Viewer label mask: ${mask.name}`, NIFTI_DESCRIPTION_BYTES);
  const metadata = new Map<string, string>([[DESCRIPTION_KEY, description]]);
  if (format === 'seg-nrrd') for (const [key, value] of segNrrdMetadata(mask, headerAscii)) metadata.set(key, value);
  return {
    imageType: { dimension: 3, componentType: 'uint8', pixelType: 'Scalar', components: 1 },
    name: mask.name,
    origin: [...mask.origin],
    spacing: [...mask.spacing],
    direction,
    size: [...mask.dimensions],
    data: mask.scalars,
    metadata,
  };
}

/** Writes an itk-wasm image as the file `fileName` names (its extension picks the format); its bytes. */
export type ImageFileWriter = (image: Image, fileName: string) => Promise<Uint8Array>;

/** The bytes of a volume's file: the browser's export worker and the Node tests both write through this. */
export function writeVolumeFile(volume: CtVolume, format: VolumeFileFormat, write: ImageFileWriter): Promise<Uint8Array> {
  return write(volumeFileImage(volume, format), `volume${VOLUME_FILE_EXTENSIONS[format]}`);
}

export function writeLabelFile(mask: LabelMask, format: LabelFileFormat, write: ImageFileWriter): Promise<Uint8Array> {
  return write(labelFileImage(mask, format), `labels${LABEL_FILE_EXTENSIONS[format]}`);
}
