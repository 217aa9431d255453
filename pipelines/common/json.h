// Minimal JSON value, parser and writer for the itk-wasm pipeline ABI.
//
// Header-only, no exceptions, no iostreams. The ABI's JSON comes from
// JSON.stringify on the JS side, so the parser is strict but small; numbers
// are kept as double (plus their source text, so integers and doubles round
// trip exactly when metadata is passed through).
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace itkwasm {
namespace json {

enum class Kind { Null, Bool, Number, String, Array, Object };

struct Value {
  Kind kind = Kind::Null;
  bool b = false;
  double num = 0.0;
  std::string str;  // String value, or the literal text of a Number
  std::vector<Value> items;                            // Array
  std::vector<std::pair<std::string, Value>> members;  // Object, in order

  static Value null() { return Value(); }
  static Value boolean(bool v) { Value r; r.kind = Kind::Bool; r.b = v; return r; }
  static Value number(double v) { Value r; r.kind = Kind::Number; r.num = v; return r; }
  static Value string(std::string v) { Value r; r.kind = Kind::String; r.str = std::move(v); return r; }
  static Value array() { Value r; r.kind = Kind::Array; return r; }
  static Value object() { Value r; r.kind = Kind::Object; return r; }

  bool isNumber() const { return kind == Kind::Number; }
  bool isString() const { return kind == Kind::String; }
  bool isArray() const { return kind == Kind::Array; }
  bool isObject() const { return kind == Kind::Object; }

  const Value *get(const char *key) const {
    if (kind != Kind::Object) return nullptr;
    for (const auto &m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
  Value &set(const std::string &key, Value v) {
    for (auto &m : members)
      if (m.first == key) { m.second = std::move(v); return m.second; }
    members.emplace_back(key, std::move(v));
    return members.back().second;
  }
  Value &push(Value v) { items.push_back(std::move(v)); return items.back(); }
};

class Parser {
 public:
  Parser(const char *text, size_t len) : p_(text), end_(text + len) {}

  // Returns false (and sets error()) on malformed input.
  bool parse(Value &out) {
    skipWs();
    if (!parseValue(out, 0)) return false;
    skipWs();
    if (p_ != end_) return fail("trailing characters after JSON value");
    return true;
  }
  const std::string &error() const { return error_; }

 private:
  const char *p_;
  const char *end_;
  std::string error_;

  bool fail(const char *msg) {
    if (error_.empty()) error_ = msg;
    return false;
  }
  void skipWs() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool literal(const char *word) {
    size_t n = std::strlen(word);
    if (size_t(end_ - p_) < n || std::strncmp(p_, word, n) != 0) return fail("invalid literal");
    p_ += n;
    return true;
  }
  static void appendUtf8(std::string &s, unsigned cp) {
    if (cp < 0x80) {
      s += char(cp);
    } else if (cp < 0x800) {
      s += char(0xC0 | (cp >> 6));
      s += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += char(0xE0 | (cp >> 12));
      s += char(0x80 | ((cp >> 6) & 0x3F));
      s += char(0x80 | (cp & 0x3F));
    } else {
      s += char(0xF0 | (cp >> 18));
      s += char(0x80 | ((cp >> 12) & 0x3F));
      s += char(0x80 | ((cp >> 6) & 0x3F));
      s += char(0x80 | (cp & 0x3F));
    }
  }
  bool hex4(unsigned &cp) {
    if (end_ - p_ < 4) return fail("truncated \\u escape");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char c = *p_++;
      cp <<= 4;
      if (c >= '0' && c <= '9') cp |= unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') cp |= unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') cp |= unsigned(c - 'A' + 10);
      else return fail("invalid \\u escape");
    }
    return true;
  }
  bool parseString(std::string &s) {
    ++p_;  // opening quote
    while (p_ < end_ && *p_ != '"') {
      char c = *p_++;
      if (c != '\\') { s += c; continue; }
      if (p_ >= end_) return fail("truncated escape");
      char e = *p_++;
      switch (e) {
        case '"': s += '"'; break;
        case '\\': s += '\\'; break;
        case '/': s += '/'; break;
        case 'b': s += '\b'; break;
        case 'f': s += '\f'; break;
        case 'n': s += '\n'; break;
        case 'r': s += '\r'; break;
        case 't': s += '\t'; break;
        case 'u': {
          unsigned cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
            p_ += 2;
            unsigned lo;
            if (!hex4(lo)) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          appendUtf8(s, cp);
          break;
        }
        default: return fail("invalid escape");
      }
    }
    if (p_ >= end_) return fail("unterminated string");
    ++p_;  // closing quote
    return true;
  }
  bool parseValue(Value &v, int depth) {
    if (depth > 256) return fail("JSON nested too deeply");
    if (p_ >= end_) return fail("unexpected end of JSON");
    char c = *p_;
    if (c == '{') {
      v = Value::object();
      ++p_;
      skipWs();
      if (p_ < end_ && *p_ == '}') { ++p_; return true; }
      for (;;) {
        skipWs();
        if (p_ >= end_ || *p_ != '"') return fail("expected object key");
        std::string key;
        if (!parseString(key)) return false;
        skipWs();
        if (p_ >= end_ || *p_ != ':') return fail("expected ':'");
        ++p_;
        skipWs();
        v.members.emplace_back(std::move(key), Value());
        if (!parseValue(v.members.back().second, depth + 1)) return false;
        skipWs();
        if (p_ < end_ && *p_ == ',') { ++p_; continue; }
        if (p_ < end_ && *p_ == '}') { ++p_; return true; }
        return fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v = Value::array();
      ++p_;
      skipWs();
      if (p_ < end_ && *p_ == ']') { ++p_; return true; }
      for (;;) {
        skipWs();
        v.items.emplace_back();
        if (!parseValue(v.items.back(), depth + 1)) return false;
        skipWs();
        if (p_ < end_ && *p_ == ',') { ++p_; continue; }
        if (p_ < end_ && *p_ == ']') { ++p_; return true; }
        return fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v = Value::string("");
      return parseString(v.str);
    }
    if (c == 't') { v = Value::boolean(true); return literal("true"); }
    if (c == 'f') { v = Value::boolean(false); return literal("false"); }
    if (c == 'n') { v = Value::null(); return literal("null"); }
    if (c == '-' || (c >= '0' && c <= '9')) {
      const char *start = p_;
      while (p_ < end_ && (std::strchr("+-.eE", *p_) != nullptr || (*p_ >= '0' && *p_ <= '9'))) ++p_;
      std::string text(start, p_);
      char *stop = nullptr;
      double d = std::strtod(text.c_str(), &stop);
      if (stop == text.c_str() || *stop != '\0') return fail("invalid number");
      v = Value::number(d);
      v.str = std::move(text);
      return true;
    }
    return fail("unexpected character in JSON");
  }
};

inline bool parse(const char *text, size_t len, Value &out, std::string *error = nullptr) {
  Parser parser(text, len);
  bool ok = parser.parse(out);
  if (!ok && error) *error = parser.error();
  return ok;
}

inline void writeString(std::string &out, const std::string &s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

// Shortest text that parses back to exactly the same double.
inline std::string formatNumber(double d) {
  if (!std::isfinite(d)) return "null";  // JSON has no inf/nan
  if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  char buf[40];
  for (int prec = 15; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return buf;
}

inline void write(std::string &out, const Value &v, int indent = -1, int level = 0) {
  auto newline = [&](int lvl) {
    if (indent < 0) return;
    out += '\n';
    out.append(size_t(indent * lvl), ' ');
  };
  switch (v.kind) {
    case Kind::Null: out += "null"; break;
    case Kind::Bool: out += v.b ? "true" : "false"; break;
    case Kind::Number: out += v.str.empty() ? formatNumber(v.num) : v.str; break;
    case Kind::String: writeString(out, v.str); break;
    case Kind::Array:
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        newline(level + 1);
        write(out, v.items[i], indent, level + 1);
      }
      if (!v.items.empty()) newline(level);
      out += ']';
      break;
    case Kind::Object:
      out += '{';
      for (size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ',';
        newline(level + 1);
        writeString(out, v.members[i].first);
        out += indent < 0 ? ":" : ": ";
        write(out, v.members[i].second, indent, level + 1);
      }
      if (!v.members.empty()) newline(level);
      out += '}';
      break;
  }
}

inline std::string stringify(const Value &v, int indent = -1) {
  std::string out;
  write(out, v, indent);
  return out;
}

}  // namespace json
}  // namespace itkwasm
