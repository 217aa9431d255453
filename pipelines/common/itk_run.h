// Runs a pipeline's ITK code and turns what ITK throws into the pipeline's
// error exit: ITK reports every failure (a singular direction matrix, a
// failed allocation, a filter's own checks) as itk::ExceptionObject. The
// library and the pipelines are built with WebAssembly exception handling
// (-fwasm-exceptions, see scripts/build-itk-wasm.sh), so the module is not
// aborted and the caller reads the reason on stderr.
#pragma once

#include <exception>
#include <new>

#include "itkMacro.h"  // itk::ExceptionObject

#include "exit_codes.h"
#include "pipeline.h"

namespace itkwasm {

// `body` returns the exit code (0 on success).
template <class F>
int runItk(Pipeline &pipeline, F &&body) {
  try {
    return body();
  } catch (const itk::ExceptionObject &e) {
    return pipeline.fail(kProcessingError, "%s: ITK failed: %s", pipeline.name().c_str(), e.GetDescription());
  } catch (const std::bad_alloc &) {
    return pipeline.fail(kProcessingError, "%s: out of memory", pipeline.name().c_str());
  } catch (const std::exception &e) {
    return pipeline.fail(kProcessingError, "%s: %s", pipeline.name().c_str(), e.what());
  }
}

}  // namespace itkwasm
