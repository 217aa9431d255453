// The command line of a pipeline, parsed as itk::wasm::Pipeline's CLI11
// front end parses it:
//   - positional arguments are inputs then outputs (with --memory-io each is
//     an index into the ABI memory store, see memory_io.h)
//   - options take their declared number of items, as separate arguments or
//     comma separated (`--seed 1 2 3`, `--seed 1,2,3`, `--seed=1,2,3`)
//   - errors return CLI11's exit codes (exit_codes.h) with the reason on stderr
#pragma once

#include <string>
#include <vector>

namespace itkwasm {

// CLI11's "any number of items" (1 << 29), as itk-wasm prints it.
constexpr int kUnlimitedItems = 536870912;

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

// Whole-text integer / finite number; false for anything else.
bool parseInt(const std::string &text, long long &value);
bool parseFloat(const std::string &text, double &value);

// The informational flags, which win over everything else on the line.
enum class InfoRequest { kNone, kHelp, kInterfaceJson, kVersion };
InfoRequest infoRequest(int argc, char **argv);

class PipelineArgs {
 public:
  void addPositional(const std::string &name, const std::string &type, const std::string &description);
  // items: fixed count (INT with 3 items for an index), 1 for a scalar.
  void addParameter(const std::string &name, const std::string &type, const std::string &description,
                    const std::string &defaultValue, bool required, int items);
  void addFlag(const std::string &name, const std::string &description);

  // Forgets the values of an earlier parse.
  void reset();
  // Parses argv (less the informational flags, see infoRequest). Returns false
  // with `exitCode` set and the reason on stderr when the line is wrong.
  bool parse(int argc, char **argv, int &exitCode);

  const OptionSpec *find(const std::string &name) const;
  bool given(const std::string &name) const;
  // Item `item` of the value given, else the default.
  std::string textValue(const std::string &name, size_t item = 0) const;
  long long intValue(const std::string &name, size_t item = 0) const;
  double floatValue(const std::string &name, size_t item = 0) const;

  // In declaration order.
  const std::vector<OptionSpec> &options() const { return options_; }

 private:
  OptionSpec *findSpec(const std::string &name);
  bool validate(OptionSpec &spec, int &exitCode);

  std::vector<OptionSpec> options_;
};

}  // namespace itkwasm
