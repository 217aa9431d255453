#include "pipeline.h"

#include <cstdio>

#include "input_image.h"
#include "interface_json.h"
#include "memory_io.h"
#include "output_image.h"

namespace itkwasm {

Pipeline::Pipeline(std::string name, std::string description, int argc, char **argv)
    : name_(std::move(name)), description_(std::move(description)), argc_(argc), argv_(argv) {
  // Outputs of the previous run in this (cached) module have been read by now.
  memory::freeOutputs();
  addFlag("memory-io", "Use itk-wasm memory IO");
  addFlag("version", "Display program version information and exit");
}

Pipeline::~Pipeline() {
  memory::freeInputs();
  std::fflush(stdout);
  std::fflush(stderr);
}

void Pipeline::addInput(const std::string &name, const std::string &type, const std::string &description) {
  args_.addPositional(name, type, description);
}

void Pipeline::addOutput(const std::string &name, const std::string &type, const std::string &description) {
  args_.addPositional(name, type, description);
}

void Pipeline::addParameter(const std::string &name, const std::string &type, const std::string &description,
                            const std::string &defaultValue, bool required, int items) {
  args_.addParameter(name, type, description, defaultValue, required, items);
}

void Pipeline::addFlag(const std::string &name, const std::string &description) { args_.addFlag(name, description); }

bool Pipeline::parse(int &exitCode) {
  exitCode = kSuccess;
  args_.reset();
  const PipelineDescription description{name_, description_, kVersion, args_.options()};
  switch (infoRequest(argc_, argv_)) {
    case InfoRequest::kHelp:
      printHelp(description);
      return false;
    case InfoRequest::kInterfaceJson:
      printInterfaceJson(description);
      return false;
    case InfoRequest::kVersion:
      writeLine(stdout, kVersion);
      return false;
    case InfoRequest::kNone:
      break;
  }
  if (!args_.parse(argc_, argv_, exitCode)) return false;
  memoryIO_ = flag("memory-io");
  return true;
}

int Pipeline::fail(int code, const char *format, ...) {
  va_list args;
  va_start(args, format);
  failv(code, format, args);
  va_end(args);
  return code;
}

bool Pipeline::positionalIndex(const OptionSpec &spec, unsigned &index) {
  if (!memoryIO_) {
    fail(kProcessingError,
         "%s: file-based %s \"%s\" is not supported by this build; pass --memory-io (itk-wasm's runPipeline does)",
         name_.c_str(), spec.name.c_str(), spec.values.empty() ? "" : spec.values[0].c_str());
    return false;
  }
  long long v = -1;
  if (spec.values.empty() || !parseInt(spec.values[0], v) || v < 0 || v > 0xFFFF) {
    fail(kConversionError, "%s: \"%s\" is not a memory-io index", spec.name.c_str(),
         spec.values.empty() ? "" : spec.values[0].c_str());
    return false;
  }
  index = unsigned(v);
  return true;
}

bool Pipeline::readImage(const std::string &name, Image &image) {
  const OptionSpec *spec = args_.find(name);
  unsigned index = 0;
  if (spec == nullptr) {
    fail(kProcessingError, "internal error: no input named %s", name.c_str());
    return false;
  }
  if (!positionalIndex(*spec, index)) return false;
  return readInputImage(index, name, image);
}

int Pipeline::writeImage(const std::string &name, Image &image) {
  const OptionSpec *spec = args_.find(name);
  unsigned index = 0;
  if (spec == nullptr) return fail(kProcessingError, "internal error: no output named %s", name.c_str());
  if (!positionalIndex(*spec, index)) return kProcessingError;
  return writeOutputImage(index, name_, image);
}

}  // namespace itkwasm
