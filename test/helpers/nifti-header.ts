/** The fields of a NIfTI-1 header the export tests compare, read from the (gunzipped) file itself. */
import { gunzipSync } from 'node:zlib';

export interface NiftiFile {
  dim: number[];
  datatype: number;
  pixdim: number[];
  voxOffset: number;
  descrip: string;
  qformCode: number;
  sformCode: number;
  quatern: number[];
  qoffset: number[];
  srow: [number[], number[], number[]];
  /** The voxel bytes after vox_offset. */
  voxels: Uint8Array;
  /** The whole uncompressed file. */
  bytes: Uint8Array;
}

export function readNifti(file: Uint8Array): NiftiFile {
  const bytes = file[0] === 0x1f && file[1] === 0x8b ? new Uint8Array(gunzipSync(file)) : file;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, true) !== 348) throw new Error('not a little-endian NIfTI-1 file (sizeof_hdr is not 348)');
  const floats = (at: number, count: number) => Array.from({ length: count }, (_, i) => view.getFloat32(at + 4 * i, true));
  const voxOffset = view.getFloat32(108, true);
  const descripBytes = bytes.subarray(148, 228);
  const end = descripBytes.indexOf(0);
  return {
    dim: Array.from({ length: 8 }, (_, i) => view.getInt16(40 + 2 * i, true)),
    datatype: view.getInt16(70, true),
    pixdim: floats(76, 8),
    voxOffset,
    descrip: new TextDecoder('latin1').decode(end < 0 ? descripBytes : descripBytes.subarray(0, end)),
    qformCode: view.getInt16(252, true),
    sformCode: view.getInt16(254, true),
    quatern: floats(256, 3),
    qoffset: floats(268, 3),
    srow: [floats(280, 4), floats(296, 4), floats(312, 4)],
    voxels: bytes.subarray(voxOffset),
    bytes,
  };
}
