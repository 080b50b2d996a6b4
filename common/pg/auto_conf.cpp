#include "common/pg/auto_conf.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <fmt/format.h>

#include <cctype>
#include <sstream>

namespace pgha::pg::auto_conf {

namespace {

bool valid_name(const std::string& name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
      return false;
  return true;
}

// The setting name a line assigns, or "" for comments, blanks and anything else.
std::string assigned_name(std::string_view line) {
  auto t = trim(line);
  std::size_t end = 0;
  while (end < t.size() &&
         (std::isalnum(static_cast<unsigned char>(t[end])) != 0 || t[end] == '_' || t[end] == '.'))
    ++end;
  if (end == 0)
    return "";
  auto rest = trim(t.substr(end));
  if (rest.empty() || rest.front() == '#')
    return "";
  return to_lower(t.substr(0, end));
}

// The value of an assignment line: a quoted string (with '' and \' unescaped) or a bare word.
std::string value_of(std::string_view line) {
  auto t = trim(line);
  std::size_t end = 0;
  while (end < t.size() &&
         (std::isalnum(static_cast<unsigned char>(t[end])) != 0 || t[end] == '_' || t[end] == '.'))
    ++end;
  t = trim(t.substr(end));
  if (!t.empty() && t.front() == '=')
    t = trim(t.substr(1));
  std::string out;
  if (!t.empty() && t.front() == '\'') {
    for (std::size_t i = 1; i < t.size(); ++i) {
      if (t[i] == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {
        out += '\'';
        ++i;
      } else if (t[i] == '\\' && i + 1 < t.size()) {
        out += t[++i];
      } else if (t[i] == '\'') {
        break;
      } else {
        out += t[i];
      }
    }
    return out;
  }
  auto hash = t.find('#');
  return std::string(trim(t.substr(0, hash)));
}

} // namespace

std::string quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'')
      out += '\'';
    out += c;
  }
  return out + "'";
}

std::optional<std::string> get(const std::string& content, const std::string& name) {
  std::optional<std::string> found;
  std::istringstream in(content);
  for (std::string line; std::getline(in, line);)
    if (assigned_name(line) == name)
      found = value_of(line);
  return found;
}

std::string apply(const std::string& content,
                  const std::vector<std::pair<std::string, std::optional<std::string>>>& changes) {
  for (const auto& [name, value] : changes) {
    if (!valid_name(name))
      throw ConfigError(fmt::format("invalid setting name \"{}\"", name), name);
    if (value && value->find_first_of(std::string("\n\r\0", 3)) != std::string::npos)
      throw ConfigError(fmt::format("value of \"{}\" contains a line break", name), name);
  }
  std::string out;
  std::istringstream in(content);
  for (std::string line; std::getline(in, line);) {
    auto assigned = assigned_name(line);
    bool replaced = false;
    for (const auto& change : changes)
      replaced = replaced || (!assigned.empty() && change.first == assigned);
    if (!replaced)
      out += line + "\n";
  }
  for (const auto& [name, value] : changes)
    if (value)
      out += name + " = " + quote(*value) + "\n";
  return out;
}

} // namespace pgha::pg::auto_conf
