/**
 * The itk-wasm pipeline interface: what `<pipeline> --interface-json` prints, and its parser.
 * No DOM, no itk-wasm: tested in Node.
 */

/** One input, output or parameter of `--interface-json`. */
export interface InterfaceItem {
  name: string;
  type: string;
  description?: string;
  required?: boolean;
  itemsExpected?: number;
  itemsExpectedMin?: number;
  itemsExpectedMax?: number;
  /** CLI11's default as text: "1", "", "false", "[2,2]", "{}". */
  default?: string;
  /** Not written by itk-wasm's CLI11 front end today; honoured when a pipeline adds them. */
  choices?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  step?: number;
}

export interface PipelineInterface {
  name: string;
  description: string;
  version: string;
  inputs: InterfaceItem[];
  outputs: InterfaceItem[];
  parameters: InterfaceItem[];
}

/** Flags itk-wasm's front end adds to every pipeline: the app sets them itself, so they are no fields. */
export const RESERVED_PARAMETERS: readonly string[] = ['memory-io', 'version', 'help', 'interface-json'];

/** Parses `--interface-json` output (stdout); throws with a readable message when it is not one. */
export function parseInterfaceJson(text: string): PipelineInterface {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`--interface-json did not print JSON: ${text.trim().slice(0, 120) || '(nothing)'}`);
  }
  if (!isRecord(value) || typeof value.name !== 'string') throw new Error('--interface-json printed no pipeline name');
  const items = (key: string): InterfaceItem[] => {
    const list = value[key] ?? [];
    if (!Array.isArray(list)) throw new Error(`--interface-json: "${key}" is not a list`);
    return list.map((item, index) => {
      if (!isRecord(item) || typeof item.name !== 'string' || typeof item.type !== 'string') {
        throw new Error(`--interface-json: ${key}[${index}] has no name or type`);
      }
      return item as unknown as InterfaceItem;
    });
  };
  return {
    name: value.name,
    description: typeof value.description === 'string' ? value.description : '',
    version: typeof value.version === 'string' ? value.version : '',
    inputs: items('inputs'),
    outputs: items('outputs'),
    parameters: items('parameters'),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
