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
      };
    };
  };
  export default dcmjs;
}
