#include "interface_json.h"

#include <cstdio>

#include "exit_codes.h"
#include "json.h"

namespace itkwasm {

void printHelp(const PipelineDescription &pipeline) {
  std::string usage = "Usage: " + pipeline.name + " [OPTIONS]";
  for (const auto &o : pipeline.options)
    if (o.positional) usage += " " + o.name;
  std::string text = pipeline.description + "\n" + usage + "\n\nPositionals:\n";
  char line[1024];
  for (const auto &o : pipeline.options) {
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
  for (const auto &o : pipeline.options) {
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

void printInterfaceJson(const PipelineDescription &pipeline) {
  using json::Value;
  Value doc = Value::object();
  doc.set("description", Value::string(pipeline.description));
  doc.set("name", Value::string(pipeline.name));
  doc.set("version", Value::string(pipeline.version));
  Value inputs = Value::array(), outputs = Value::array(), parameters = Value::array();
  for (const auto &o : pipeline.options) {
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
