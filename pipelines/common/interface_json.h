// `--interface-json` and `--help`: a pipeline describing its inputs, outputs
// and parameters, in the schema and layout of itk::wasm::Pipeline's CLI11
// front end (so itk-wasm's tooling, and the app's form, read ours like the
// packaged pipelines').
#pragma once

#include <string>
#include <vector>

#include "pipeline_args.h"

namespace itkwasm {

struct PipelineDescription {
  const std::string &name;
  const std::string &description;
  const char *version;
  const std::vector<OptionSpec> &options;
};

// The interface as JSON, on stdout.
void printInterfaceJson(const PipelineDescription &pipeline);
// Usage, positionals and options, on stdout.
void printHelp(const PipelineDescription &pipeline);

}  // namespace itkwasm
