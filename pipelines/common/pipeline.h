// Command line + memory-io front end of an itk-wasm compatible pipeline.
//
// Mirrors what itk::wasm::Pipeline (CLI11 based) does for the packaged
// @itk-wasm pipelines, so itk-wasm's runPipeline / runPipelineNode drive these
// modules the same way:
//   - positional arguments are inputs then outputs; with --memory-io each is
//     an index into the ABI memory store (see memory_io.h)
//   - --interface-json prints the pipeline interface (same schema as CLI11's)
//   - --help / -h prints usage, --version prints the version
//   - exit codes follow CLI11 (106 required missing, 109 unexpected argument,
//     104 conversion, 105 validation), 1 for processing errors
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

#include "image.h"

namespace itkwasm {

enum ExitCode {
  kSuccess = 0,
  kProcessingError = 1,
  kConversionError = 104,
  kValidationError = 105,
  kRequiredError = 106,
  kExtrasError = 109,
  kArgumentMismatch = 114,
};

struct OptionSpec {
  std::string name;
  std::string type;  // INT, FLOAT, TEXT, BOOL, INPUT_IMAGE, OUTPUT_IMAGE, ...
  std::string description;
  bool required = false;
  std::string defaultValue;
  int itemsExpected = 1;
  int itemsExpectedMin = 1;
  int itemsExpectedMax = 1;
  bool positional = false;

  // parse state
  bool given = false;
  std::vector<std::string> values;
};

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

  bool given(const std::string &name) const;
  long long intValue(const std::string &name, size_t item = 0) const;
  double floatValue(const std::string &name, size_t item = 0) const;
  std::string textValue(const std::string &name, size_t item = 0) const;
  bool flag(const std::string &name) const;

  // Reads the image input `name` (memory-io). On failure prints the reason
  // to stderr and returns false.
  bool readImage(const std::string &name, Image &image);
  // Hands `image` to output `name`; returns the exit code (0 on success).
  int writeImage(const std::string &name, Image &image);

  // printf-style message to stderr; returns `code`.
  int fail(int code, const char *format, ...) __attribute__((format(printf, 3, 4)));

  const std::string &name() const { return name_; }

 private:
  const OptionSpec *find(const std::string &name) const;
  OptionSpec *find(const std::string &name);
  bool positionalIndex(const OptionSpec &spec, unsigned &index);
  void printHelp() const;
  void printInterfaceJson() const;
  bool validate(OptionSpec &spec, int &exitCode);

  std::string name_;
  std::string description_;
  int argc_;
  char **argv_;
  std::vector<OptionSpec> options_;  // in declaration order
  bool memoryIO_ = false;
};

}  // namespace itkwasm

#define ITK_WASM_PARSE(pipeline)          \
  do {                                    \
    int itkWasmExitCode_ = 0;             \
    if (!(pipeline).parse(itkWasmExitCode_)) \
      return itkWasmExitCode_;            \
  } while (0)
