// Exit codes of a pipeline (CLI11's, as itk::wasm::Pipeline returns them)
// and the messages that go with them: stdout for what was asked for (help,
// interface JSON, version), stderr for why a run failed. itk-wasm hands both
// to the caller (RunPipelineResult.stdout / .stderr).
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>

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

// `text` and a newline to `stream`, flushed (so it is captured before main returns).
void writeLine(FILE *stream, const std::string &text);

// printf-style message to stderr; returns `code`.
int fail(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));
int failv(int code, const char *format, va_list args);

}  // namespace itkwasm
