#include "pipeline_args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "exit_codes.h"

namespace itkwasm {

namespace {

bool isOptionToken(const char *arg) {
  if (arg[0] != '-') return false;
  if (arg[1] == '-') return arg[2] != '\0';
  // "-h" is an option, "-1000" or "-.5" is a (negative number) value
  return (arg[1] >= 'a' && arg[1] <= 'z') || (arg[1] >= 'A' && arg[1] <= 'Z');
}

}  // namespace

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

InfoRequest infoRequest(int argc, char **argv) {
  // Looked for first, wherever they are.
  for (int i = 1; i < argc; ++i) {
    const std::string arg(argv[i]);
    if (arg == "-h" || arg == "--help") return InfoRequest::kHelp;
    if (arg == "--interface-json") return InfoRequest::kInterfaceJson;
    if (arg == "--version") return InfoRequest::kVersion;
  }
  return InfoRequest::kNone;
}

void PipelineArgs::addPositional(const std::string &name, const std::string &type, const std::string &description) {
  OptionSpec spec;
  spec.name = name;
  spec.type = type;
  spec.description = description;
  spec.required = true;
  spec.positional = true;
  options_.push_back(spec);
}

void PipelineArgs::addParameter(const std::string &name, const std::string &type, const std::string &description,
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

void PipelineArgs::addFlag(const std::string &name, const std::string &description) {
  OptionSpec spec;
  spec.name = name;
  spec.type = "BOOL";
  spec.description = description;
  spec.defaultValue = "false";
  spec.itemsExpected = spec.itemsExpectedMin = spec.itemsExpectedMax = 0;
  options_.push_back(spec);
}

const OptionSpec *PipelineArgs::find(const std::string &name) const {
  for (const auto &o : options_)
    if (o.name == name) return &o;
  return nullptr;
}

OptionSpec *PipelineArgs::findSpec(const std::string &name) {
  for (auto &o : options_)
    if (o.name == name) return &o;
  return nullptr;
}

void PipelineArgs::reset() {
  for (auto &o : options_) {
    o.given = false;
    o.values.clear();
  }
}

bool PipelineArgs::parse(int argc, char **argv, int &exitCode) {
  size_t nextPositional = 0;
  std::vector<OptionSpec *> positionals;
  for (auto &o : options_)
    if (o.positional) positionals.push_back(&o);

  bool onlyPositionals = false;
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
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
    OptionSpec *spec = findSpec(name);
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
      while (int(spec->values.size()) < spec->itemsExpectedMax && i + 1 < argc && !isOptionToken(argv[i + 1])) {
        if (spec->itemsExpectedMax == 1 && !spec->values.empty()) break;
        addItems(argv[++i]);
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
  return true;
}

bool PipelineArgs::validate(OptionSpec &spec, int &exitCode) {
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

bool PipelineArgs::given(const std::string &name) const {
  const OptionSpec *spec = find(name);
  return spec != nullptr && spec->given;
}

std::string PipelineArgs::textValue(const std::string &name, size_t item) const {
  const OptionSpec *spec = find(name);
  if (spec == nullptr) return "";
  if (spec->given && item < spec->values.size()) return spec->values[item];
  return spec->defaultValue;
}

long long PipelineArgs::intValue(const std::string &name, size_t item) const {
  long long v = 0;
  parseInt(textValue(name, item), v);
  return v;
}

double PipelineArgs::floatValue(const std::string &name, size_t item) const {
  double v = 0.0;
  parseFloat(textValue(name, item), v);
  return v;
}

}  // namespace itkwasm
