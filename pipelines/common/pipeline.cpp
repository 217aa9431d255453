#include "pipeline.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "json.h"
#include "memory_io.h"

namespace itkwasm {

namespace {

constexpr const char *kAddressPrefix = "data:application/vnd.itk.address,0:";
// CLI11's "any number of items" (1 << 29), as itk-wasm prints it.
constexpr int kUnlimitedItems = 536870912;

bool isOptionToken(const char *arg) {
  if (arg[0] != '-') return false;
  if (arg[1] == '-') return arg[2] != '\0';
  // "-h" is an option, "-1000" or "-.5" is a (negative number) value
  return (arg[1] >= 'a' && arg[1] <= 'z') || (arg[1] >= 'A' && arg[1] <= 'Z');
}

bool parseInt(const std::string &text, long long &value) {
  if (text.empty()) return false;
  errno = 0;
  char *end = nullptr;
  value = std::strtoll(text.c_str(), &end, 10);
  return errno == 0 && end != nullptr && *end == '\0';
}

bool parseFloat(const std::string &text, double &value) {
  if (text.empty()) return false;
  char *end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end != nullptr && *end == '\0' && std::isfinite(value);
}

bool parseAddress(const json::Value *v, size_t &address) {
  if (v == nullptr || !v->isString()) return false;
  const std::string &s = v->str;
  size_t colon = s.rfind(':');
  if (s.compare(0, std::strlen(kAddressPrefix), kAddressPrefix) != 0 || colon == std::string::npos) return false;
  char *end = nullptr;
  unsigned long long a = std::strtoull(s.c_str() + colon + 1, &end, 10);
  if (end == nullptr || *end != '\0') return false;
  address = size_t(a);
  return true;
}

std::string addressString(const void *ptr) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%zu", kAddressPrefix, reinterpret_cast<size_t>(ptr));
  return buf;
}

bool numberArray(const json::Value *v, size_t n, std::vector<double> &out) {
  if (v == nullptr || !v->isArray() || v->items.size() != n) return false;
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (!v->items[i].isNumber()) return false;
    out[i] = v->items[i].num;
  }
  return true;
}

void writeLine(FILE *stream, const std::string &text) {
  std::fwrite(text.data(), 1, text.size(), stream);
  std::fputc('\n', stream);
  std::fflush(stream);
}

}  // namespace

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
  OptionSpec spec;
  spec.name = name;
  spec.type = type;
  spec.description = description;
  spec.required = true;
  spec.positional = true;
  options_.push_back(spec);
}

void Pipeline::addOutput(const std::string &name, const std::string &type, const std::string &description) {
  addInput(name, type, description);
}

void Pipeline::addParameter(const std::string &name, const std::string &type, const std::string &description,
                            const std::string &defaultValue, bool required, int items) {
  OptionSpec spec;
  spec.name = name;
  spec.type = type;
  spec.description = description;
  spec.defaultValue = defaultValue;
  spec.required = required;
  spec.itemsExpected = items > 0 ? items : 1;
  spec.itemsExpectedMin = items > 0 ? items : 1;
  spec.itemsExpectedMax = items > 0 ? items : kUnlimitedItems;
  options_.push_back(spec);
}

void Pipeline::addFlag(const std::string &name, const std::string &description) {
  OptionSpec spec;
  spec.name = name;
  spec.type = "BOOL";
  spec.description = description;
  spec.defaultValue = "false";
  spec.itemsExpected = spec.itemsExpectedMin = spec.itemsExpectedMax = 0;
  options_.push_back(spec);
}

const OptionSpec *Pipeline::find(const std::string &name) const {
  for (const auto &o : options_)
    if (o.name == name) return &o;
  return nullptr;
}

OptionSpec *Pipeline::find(const std::string &name) {
  for (auto &o : options_)
    if (o.name == name) return &o;
  return nullptr;
}

bool Pipeline::parse(int &exitCode) {
  exitCode = kSuccess;
  for (auto &o : options_) {
    o.given = false;
    o.values.clear();
  }
  // Look for the informational flags first, wherever they are.
  for (int i = 1; i < argc_; ++i) {
    const std::string arg(argv_[i]);
    if (arg == "-h" || arg == "--help") {
      printHelp();
      return false;
    }
    if (arg == "--interface-json") {
      printInterfaceJson();
      return false;
    }
    if (arg == "--version") {
      writeLine(stdout, kVersion);
      return false;
    }
  }

  size_t nextPositional = 0;
  std::vector<OptionSpec *> positionals;
  for (auto &o : options_)
    if (o.positional) positionals.push_back(&o);

  bool onlyPositionals = false;
  for (int i = 1; i < argc_; ++i) {
    const char *arg = argv_[i];
    if (!onlyPositionals && std::strcmp(arg, "--") == 0) {
      onlyPositionals = true;
      continue;
    }
    if (onlyPositionals || !isOptionToken(arg)) {
      if (nextPositional >= positionals.size()) {
        exitCode = fail(kExtrasError, "The following argument was not expected: %s\nRun with --help for more information.", arg);
        return false;
      }
      OptionSpec *spec = positionals[nextPositional++];
      spec->given = true;
      spec->values.push_back(arg);
      continue;
    }
    std::string name = arg + (arg[1] == '-' ? 2 : 1);
    std::string inlineValue;
    bool hasInlineValue = false;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      inlineValue = name.substr(eq + 1);
      name = name.substr(0, eq);
      hasInlineValue = true;
    }
    OptionSpec *spec = find(name);
    if (spec == nullptr || spec->positional) {
      exitCode = fail(kExtrasError, "The following argument was not expected: %s\nRun with --help for more information.", arg);
      return false;
    }
    spec->given = true;
    spec->values.clear();
    if (spec->itemsExpectedMax == 0) {  // flag
      if (hasInlineValue && inlineValue != "true" && inlineValue != "1") spec->given = false;
      continue;
    }
    auto addItems = [&](const std::string &token) {
      size_t start = 0;
      for (;;) {
        size_t comma = token.find(',', start);
        spec->values.push_back(token.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    };
    if (hasInlineValue) {
      addItems(inlineValue);
    } else {
      while (int(spec->values.size()) < spec->itemsExpectedMax && i + 1 < argc_ && !isOptionToken(argv_[i + 1])) {
        if (spec->itemsExpectedMax == 1 && !spec->values.empty()) break;
        addItems(argv_[++i]);
      }
    }
    if (!validate(*spec, exitCode)) return false;
  }

  for (const auto &o : options_) {
    if (o.required && !o.given) {
      exitCode = fail(kRequiredError, "%s%s is required\nRun with --help for more information.",
                      o.positional ? "" : "--", o.name.c_str());
      return false;
    }
  }
  memoryIO_ = flag("memory-io");
  return true;
}

bool Pipeline::validate(OptionSpec &spec, int &exitCode) {
  int n = int(spec.values.size());
  if (n < spec.itemsExpectedMin || n > spec.itemsExpectedMax) {
    if (spec.itemsExpectedMin == spec.itemsExpectedMax) {
      exitCode = fail(kArgumentMismatch, "--%s: expected %d %s value%s, got %d", spec.name.c_str(),
                      spec.itemsExpectedMin, spec.type.c_str(), spec.itemsExpectedMin == 1 ? "" : "s", n);
    } else {
      exitCode = fail(kArgumentMismatch, "--%s: expected %d to %d %s values, got %d", spec.name.c_str(),
                      spec.itemsExpectedMin, spec.itemsExpectedMax, spec.type.c_str(), n);
    }
    return false;
  }
  for (const auto &v : spec.values) {
    if (spec.type == "INT") {
      long long x;
      if (!parseInt(v, x)) {
        exitCode = fail(kConversionError, "--%s: the value \"%s\" is not an integer", spec.name.c_str(), v.c_str());
        return false;
      }
    } else if (spec.type == "FLOAT") {
      double x;
      if (!parseFloat(v, x)) {
        exitCode = fail(kConversionError, "--%s: the value \"%s\" is not a number", spec.name.c_str(), v.c_str());
        return false;
      }
    }
  }
  return true;
}

bool Pipeline::given(const std::string &name) const {
  const OptionSpec *spec = find(name);
  return spec != nullptr && spec->given;
}

std::string Pipeline::textValue(const std::string &name, size_t item) const {
  const OptionSpec *spec = find(name);
  if (spec == nullptr) return "";
  if (spec->given && item < spec->values.size()) return spec->values[item];
  return spec->defaultValue;
}

long long Pipeline::intValue(const std::string &name, size_t item) const {
  long long v = 0;
  parseInt(textValue(name, item), v);
  return v;
}

double Pipeline::floatValue(const std::string &name, size_t item) const {
  double v = 0.0;
  parseFloat(textValue(name, item), v);
  return v;
}

bool Pipeline::flag(const std::string &name) const { return given(name); }

int Pipeline::fail(int code, const char *format, ...) {
  char buf[2048];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  writeLine(stderr, buf);
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
  const OptionSpec *spec = find(name);
  unsigned index = 0;
  if (spec == nullptr) {
    fail(kProcessingError, "internal error: no input named %s", name.c_str());
    return false;
  }
  if (!positionalIndex(*spec, index)) return false;
  size_t length = 0;
  const char *text = memory::inputJson(index, &length);
  if (text == nullptr) {
    fail(kProcessingError, "%s: no image was given as input %u", name.c_str(), index);
    return false;
  }
  json::Value doc;
  std::string error;
  if (!json::parse(text, length, doc, &error)) {
    fail(kProcessingError, "%s: the image JSON of input %u cannot be parsed: %s", name.c_str(), index, error.c_str());
    return false;
  }
  const json::Value *imageType = doc.get("imageType");
  const json::Value *dimension = imageType ? imageType->get("dimension") : nullptr;
  const json::Value *componentType = imageType ? imageType->get("componentType") : nullptr;
  if (dimension == nullptr || !dimension->isNumber() || dimension->num < 1 || dimension->num > 4 ||
      componentType == nullptr || !componentType->isString()) {
    fail(kProcessingError, "%s: input %u is not an itk-wasm Image (imageType.dimension / componentType missing)",
         name.c_str(), index);
    return false;
  }
  image = Image();
  image.dimension = unsigned(dimension->num);
  const size_t dim = image.dimension;
  if (!parseComponentType(componentType->str, image.componentType)) {
    fail(kProcessingError, "%s: component type \"%s\" is not supported", name.c_str(), componentType->str.c_str());
    return false;
  }
  if (const json::Value *pixelType = imageType->get("pixelType"))
    if (pixelType->isString()) image.pixelType = pixelType->str;
  if (const json::Value *components = imageType->get("components"))
    if (components->isNumber() && components->num >= 1) image.components = unsigned(components->num);
  if (const json::Value *imageName = doc.get("name"))
    if (imageName->isString()) image.name = imageName->str;
  std::vector<double> sizeD;
  if (!numberArray(doc.get("origin"), dim, image.origin) || !numberArray(doc.get("spacing"), dim, image.spacing) ||
      !numberArray(doc.get("size"), dim, sizeD)) {
    fail(kProcessingError, "%s: origin, spacing and size must be arrays of %zu numbers", name.c_str(), dim);
    return false;
  }
  image.size.resize(dim);
  for (size_t d = 0; d < dim; ++d) {
    if (sizeD[d] < 0 || sizeD[d] != std::floor(sizeD[d])) {
      fail(kProcessingError, "%s: size[%zu] = %g is not a non-negative integer", name.c_str(), d, sizeD[d]);
      return false;
    }
    image.size[d] = size_t(sizeD[d]);
  }
  if (const json::Value *metadata = doc.get("metadata"))
    if (metadata->isArray()) image.metadata = *metadata;

  size_t directionAddress = 0;
  size_t dataAddress = 0;
  memory::Block directionBlock;
  if (parseAddress(doc.get("direction"), directionAddress)) directionBlock = memory::inputArrayAt(index, directionAddress);
  image.direction.assign(dim * dim, 0.0);
  if (directionBlock.ptr != nullptr && directionBlock.size >= dim * dim * sizeof(double)) {
    std::memcpy(image.direction.data(), directionBlock.ptr, dim * dim * sizeof(double));
  } else {
    fail(kProcessingError, "%s: input %u has no %zux%zu float64 direction array", name.c_str(), index, dim, dim);
    return false;
  }
  if (!parseAddress(doc.get("data"), dataAddress)) {
    fail(kProcessingError, "%s: input %u has no pixel data address", name.c_str(), index);
    return false;
  }
  memory::Block dataBlock = memory::inputArrayAt(index, dataAddress);
  if (dataBlock.ptr == nullptr) {
    fail(kProcessingError, "%s: input %u has no pixel data (image.data is null?)", name.c_str(), index);
    return false;
  }
  if (dataBlock.size < image.byteLength()) {
    fail(kProcessingError, "%s: input %u pixel buffer holds %zu bytes, size x components x %s needs %zu", name.c_str(),
         index, dataBlock.size, componentTypeName(image.componentType), image.byteLength());
    return false;
  }
  image.setExternalData(dataBlock.ptr);
  return true;
}

int Pipeline::writeImage(const std::string &name, Image &image) {
  const OptionSpec *spec = find(name);
  unsigned index = 0;
  if (spec == nullptr) return fail(kProcessingError, "internal error: no output named %s", name.c_str());
  if (!positionalIndex(*spec, index)) return kProcessingError;

  const size_t dim = image.dimension;
  const size_t bytes = image.byteLength();
  void *pixels = image.release();
  if (pixels == nullptr) {  // not owned: copy
    pixels = std::malloc(bytes > 0 ? bytes : 1);
    if (pixels == nullptr) return fail(kProcessingError, "%s: out of memory", name_.c_str());
    if (image.data() != nullptr) std::memcpy(pixels, image.data(), bytes);
  }
  double *direction = static_cast<double *>(std::malloc(dim * dim * sizeof(double)));
  if (direction == nullptr) {
    std::free(pixels);
    return fail(kProcessingError, "%s: out of memory", name_.c_str());
  }
  for (size_t i = 0; i < dim * dim; ++i) direction[i] = i < image.direction.size() ? image.direction[i] : 0.0;
  memory::setOutputArray(index, 0, pixels, bytes);
  memory::setOutputArray(index, 1, direction, dim * dim * sizeof(double));

  using json::Value;
  Value doc = Value::object();
  Value imageType = Value::object();
  imageType.set("dimension", Value::number(double(dim)));
  imageType.set("componentType", Value::string(componentTypeName(image.componentType)));
  imageType.set("pixelType", Value::string(image.pixelType));
  imageType.set("components", Value::number(double(image.components)));
  doc.set("imageType", std::move(imageType));
  doc.set("name", Value::string(image.name));
  Value origin = Value::array(), spacing = Value::array(), size = Value::array();
  for (size_t d = 0; d < dim; ++d) {
    origin.push(Value::number(image.origin[d]));
    spacing.push(Value::number(image.spacing[d]));
    size.push(Value::number(double(image.size[d])));
  }
  doc.set("origin", std::move(origin));
  doc.set("spacing", std::move(spacing));
  doc.set("direction", Value::string(addressString(direction)));
  doc.set("size", std::move(size));
  doc.set("data", Value::string(addressString(pixels)));
  doc.set("metadata", image.metadata.isArray() ? image.metadata : Value::array());
  memory::setOutputJson(index, json::stringify(doc));
  return kSuccess;
}

void Pipeline::printHelp() const {
  std::string usage = "Usage: " + name_ + " [OPTIONS]";
  for (const auto &o : options_)
    if (o.positional) usage += " " + o.name;
  std::string text = description_ + "\n" + usage + "\n\nPositionals:\n";
  char line[1024];
  for (const auto &o : options_) {
    if (!o.positional) continue;
    std::string left = o.name + " " + o.type + " REQUIRED";
    std::snprintf(line, sizeof line, "  %-34s %s\n", left.c_str(), o.description.c_str());
    text += line;
  }
  text += "\nOptions:\n";
  std::snprintf(line, sizeof line, "  %-34s %s\n", "-h,--help", "Print this help message and exit");
  text += line;
  std::snprintf(line, sizeof line, "  %-34s %s\n", "--interface-json", "Print the pipeline interface as JSON and exit");
  text += line;
  for (const auto &o : options_) {
    if (o.positional) continue;
    std::string left = "--" + o.name;
    if (o.itemsExpectedMax > 0) {
      left += " " + o.type;
      if (o.itemsExpectedMax > 1) left += " x " + std::to_string(o.itemsExpected);
      if (!o.defaultValue.empty()) left += " [" + o.defaultValue + "]";
      if (o.required) left += " REQUIRED";
    }
    std::snprintf(line, sizeof line, "  %-34s %s\n", left.c_str(), o.description.c_str());
    text += line;
  }
  text += "\nEnjoy ITK!";
  writeLine(stdout, text);
}

void Pipeline::printInterfaceJson() const {
  using json::Value;
  Value doc = Value::object();
  doc.set("description", Value::string(description_));
  doc.set("name", Value::string(name_));
  doc.set("version", Value::string(kVersion));
  Value inputs = Value::array(), outputs = Value::array(), parameters = Value::array();
  for (const auto &o : options_) {
    Value v = Value::object();
    v.set("description", Value::string(o.description));
    v.set("name", Value::string(o.name));
    v.set("type", Value::string(o.type));
    v.set("required", Value::boolean(o.required));
    v.set("itemsExpected", Value::number(o.itemsExpected));
    v.set("itemsExpectedMin", Value::number(o.itemsExpectedMin));
    v.set("itemsExpectedMax", Value::number(o.itemsExpectedMax));
    v.set("default", Value::string(o.defaultValue));
    if (!o.positional) parameters.push(std::move(v));
    else if (o.type.rfind("OUTPUT", 0) == 0) outputs.push(std::move(v));
    else inputs.push(std::move(v));
  }
  doc.set("inputs", std::move(inputs));
  doc.set("outputs", std::move(outputs));
  doc.set("parameters", std::move(parameters));
  writeLine(stdout, json::stringify(doc, 4));
}

}  // namespace itkwasm
