// Command line + memory-io front end of an itk-wasm compatible pipeline.
//
// Mirrors what itk::wasm::Pipeline (CLI11 based) does for the packaged
// @itk-wasm pipelines, so itk-wasm's runPipeline / runPipelineNode drive these
// modules the same way. The class ties together one file per concept:
//   - pipeline_args.*: positional arguments are inputs then outputs; with
//     --memory-io each is an index into the ABI memory store (memory_io.h)
//   - interface_json.*: --interface-json prints the pipeline interface (same
//     schema as CLI11's), --help / -h prints usage; --version the version
//   - input_image.*, output_image.*: images in and out through memory IO
//   - exit_codes.*: exit codes follow CLI11 (106 required missing, 109
//     unexpected argument, 104 conversion, 105 validation), 1 for processing
//     errors
//
// Usage:
//   int main(int argc, char **argv) {
//     itkwasm::Pipeline pipeline("name", "description", argc, argv);
//     pipeline.addInput("input", "INPUT_IMAGE", "The input image");
//     pipeline.addOutput("output", "OUTPUT_IMAGE", "The output image");
//     pipeline.addParameter("radius", "INT", "Radius", "1");
//     ITK_WASM_PARSE(pipeline);
//     ...
//     return pipeline.writeImage("output", image);
//   }
#pragma once

#include <cstdarg>
#include <string>
#include <vector>

#include "exit_codes.h"
#include "image.h"
#include "pipeline_args.h"

namespace itkwasm {

class Pipeline {
 public:
  static constexpr const char *kVersion = "0.1.0";

  Pipeline(std::string name, std::string description, int argc, char **argv);
  ~Pipeline();  // releases the ABI input buffers

  void addInput(const std::string &name, const std::string &type, const std::string &description);
  void addOutput(const std::string &name, const std::string &type, const std::string &description);
  // items: fixed count (INT with 3 items for an index), 1 for a scalar.
  void addParameter(const std::string &name, const std::string &type, const std::string &description,
                    const std::string &defaultValue = "", bool required = false, int items = 1);
  void addFlag(const std::string &name, const std::string &description);

  // Parses argv. Returns true when the pipeline should run; otherwise
  // `exitCode` holds main()'s return value (help / interface / version
  // printed, or an error reported on stderr).
  bool parse(int &exitCode);

  bool given(const std::string &name) const { return args_.given(name); }
  long long intValue(const std::string &name, size_t item = 0) const { return args_.intValue(name, item); }
  double floatValue(const std::string &name, size_t item = 0) const { return args_.floatValue(name, item); }
  std::string textValue(const std::string &name, size_t item = 0) const { return args_.textValue(name, item); }
  bool flag(const std::string &name) const { return given(name); }

  // Reads the image input `name` (memory-io). On failure prints the reason
  // to stderr and returns false.
  bool readImage(const std::string &name, Image &image);
  // Hands `image` to output `name`; returns the exit code (0 on success).
  int writeImage(const std::string &name, Image &image);

  // printf-style message to stderr; returns `code`.
  int fail(int code, const char *format, ...) __attribute__((format(printf, 3, 4)));

  const std::string &name() const { return name_; }

 private:
  // The memory-io index of the positional `spec`; false (reason on stderr) without one.
  bool positionalIndex(const OptionSpec &spec, unsigned &index);

  std::string name_;
  std::string description_;
  int argc_;
  char **argv_;
  PipelineArgs args_;
  bool memoryIO_ = false;
};

}  // namespace itkwasm

#define ITK_WASM_PARSE(pipeline)          \
  do {                                    \
    int itkWasmExitCode_ = 0;             \
    if (!(pipeline).parse(itkWasmExitCode_)) \
      return itkWasmExitCode_;            \
  } while (0)
