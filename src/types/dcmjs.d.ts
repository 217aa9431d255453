// Minimal typings for the parts of dcmjs this project uses; dcmjs ships none.
declare module 'dcmjs' {
  type DenaturalizedDataset = Record<string, { vr: string; Value: unknown[] }>;

  class DicomDict {
    constructor(meta: DenaturalizedDataset);
    dict: DenaturalizedDataset;
    write(): ArrayBuffer;
  }

  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: Record<string, unknown>): DenaturalizedDataset;
        /** The standard data dictionary by "(gggg,eeee)" (any case; repeating groups such as 60xx match). */
        dictionary: Record<string, { tag: string; vr: string; vm: string; name: string; version: string } | undefined>;
      };
    };
  };
  export default dcmjs;
}
