#include "exit_codes.h"

namespace itkwasm {

void writeLine(FILE *stream, const std::string &text) {
  std::fwrite(text.data(), 1, text.size(), stream);
  std::fputc('\n', stream);
  std::fflush(stream);
}

int failv(int code, const char *format, va_list args) {
  char buf[2048];
  std::vsnprintf(buf, sizeof buf, format, args);
  writeLine(stderr, buf);
  return code;
}

int fail(int code, const char *format, ...) {
  va_list args;
  va_start(args, format);
  failv(code, format, args);
  va_end(args);
  return code;
}

}  // namespace itkwasm
