import dicomParser from 'dicom-parser';
import { frameAsPart10, rawDataSetAsPart10 } from '../dicom/decodable-part10';
import { inflateDataSet } from '../dicom/deflate';
import { parserMessage } from '../dicom/parser-message';
import { UnreadableFileError, sourceFromBytes } from '../sources/source-file';
import type { SliceInput } from './read-chunk';

/** A slice as the reader gets it, with its bytes; or why they cannot be had. */
export type DecodableInput = { input: SliceInput; bytes: Uint8Array; problem?: undefined } | { problem: string };

/**
 * The bytes of a slice that the reader decodes and the stored-value check reads: the file as it is,
 * or, for one frame of a multi-frame file (only its range is read) and for a raw data set, the
 * single-frame Part 10 file made of it (see decodable-part10.ts), with the header that describes it.
 */
export async function decodableInput(input: SliceInput): Promise<DecodableInput> {
  const { header, source } = input;
  // A read that fails fails the chunk, unless only this file is unreadable; what the bytes read are is this
  // slice's problem.
  const frame = header.frame;
  let bytes: Uint8Array;
  try {
    bytes = frame && !frame.inflated ? await source.readRange(frame.start, frame.end) : await source.readAll();
  } catch (error) {
    if (error instanceof UnreadableFileError) return { problem: `could not be read (${error.message})` };
    throw error;
  }
  if (!header.transferSyntaxUID) return withOwnSyntax(input, bytes);
  if (!frame && !header.rawDataSet) return { input, bytes };
  try {
    const made = frame
      ? frameAsPart10(header, frame.inflated ? inflatedDataSet(bytes).subarray(frame.start, frame.end) : bytes)
      : rawDataSetAsPart10(header, bytes);
    return { input: { header: made.header, source: sourceFromBytes(header.file, made.bytes) }, bytes: made.bytes };
  } catch (error) {
    return { problem: `${frame ? 'the frame' : 'the data set'} cannot be read (${parserMessage(error)})` };
  }
}

/**
 * A header from a server's metadata that did not say how its file is encoded (Orthanc's does not): the
 * file's own meta header says it, before any check reads its pixel data by it.
 */
function withOwnSyntax(input: SliceInput, bytes: Uint8Array): DecodableInput {
  let syntax: string;
  try {
    syntax = (dicomParser.readPart10Header(bytes).string('x00020010') ?? '').trim();
  } catch (error) {
    return { problem: `its file meta header cannot be read (${parserMessage(error)})` };
  }
  if (!syntax) return { problem: 'its file meta header names no transfer syntax' };
  return { input: { ...input, header: { ...input.header, transferSyntaxUID: syntax } }, bytes };
}

/** A deflated file's data set inflated behind its meta header: the bytes a deflated frame's range counts. */
function inflatedDataSet(file: Uint8Array): Uint8Array {
  return dicomParser.parseDicom(file, { inflater: inflateDataSet, untilTag: 'x00080005' }).byteArray;
}
