#include "common/config/example.hpp"

#include "common/config/ini_reader.hpp"
#include "common/config/key_table.hpp"

#include <fmt/format.h>

namespace pgha::config {

namespace {

void append_key(std::string& out, const KeySpec& spec) {
  out += fmt::format("# {}\n", spec.description);
  if (spec.name == "node<N>") {
    out += "node1=node1\nnode2=node2\n#node3=node3\n";
    return;
  }
  if (!spec.example.empty())
    out += fmt::format("{}={}\n", spec.name, quote_value(spec.example));
  else if (spec.required)
    out += fmt::format("{}={}\n", spec.name, quote_value(spec.default_value));
  else
    out +=
        fmt::format("#{}={}\n", spec.name,
                    spec.default_value.empty() ? std::string() : quote_value(spec.default_value));
}

} // namespace

std::string render_example() {
  std::string out =
      "# pgha cluster description, read by the cls_* commands (default /etc/pgha/config.ini).\n"
      "# Syntax: key=value, key=\"value\" or key='value', one per line; \"#\" starts a comment;\n"
      "# no spaces around \"=\". Unknown keys and malformed lines are refused.\n"
      "# Passwords never go here: keep them in a libpq passfile (pgsql_passfile) or a service\n"
      "# file. Keys shown commented out have the value after \"=\" as their default.\n"
      "# This file is generated from the key table: cls config --example\n";
  std::string_view section;
  for (const auto& spec : key_table()) {
    if (spec.type == KeyType::legacy)
      continue;
    if (spec.section != section) {
      section = spec.section;
      out += fmt::format("\n## {}\n", section);
    }
    append_key(out, spec);
  }
  out += "\n## pha4pgsql keys read for compatibility\n";
  for (const auto& alias : key_aliases())
    out += fmt::format("# {}: read as {}\n", alias.name, alias.target);
  for (const auto& spec : key_table())
    if (spec.type == KeyType::legacy && spec.name.find("distlock") == std::string_view::npos)
      out += fmt::format("# {}: ignored ({})\n", spec.name, spec.description);
  out += "\n## pha4pgsql keys refused\n";
  for (const auto& refused : refused_keys())
    out += fmt::format("# {}: {}; {}\n", refused.name, refused.reason, refused.hint);
  return out;
}

std::string render_key_reference() {
  std::string out = "| Key | Type | Default | Meaning |\n|---|---|---|---|\n";
  for (const auto& spec : key_table()) {
    std::string name = spec.name == "node<N>" ? "node1 … nodeN" : std::string(spec.name);
    std::string type(type_name(spec.type));
    if (spec.type == KeyType::choice)
      type = std::string(spec.choices);
    if (spec.type == KeyType::integer)
      type = fmt::format("integer {}–{}", spec.min, spec.max);
    std::string def = spec.default_value.empty() ? "" : fmt::format("`{}`", spec.default_value);
    if (spec.required)
      def = "required";
    std::string meaning(spec.description);
    if (!spec.agent_param.empty())
      meaning += fmt::format(" (expgsql `{}`)", spec.agent_param);
    out += fmt::format("| `{}` | {} | {} | {} |\n", name, type, def, meaning);
  }
  out += "\nRefused keys:\n\n";
  for (const auto& refused : refused_keys())
    out += fmt::format("- `{}`: {}; {}\n", refused.name, refused.reason, refused.hint);
  return out;
}

} // namespace pgha::config
