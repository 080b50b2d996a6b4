#include "common/config/validate.hpp"

#include "common/base/strings.hpp"
#include "common/pq/conninfo.hpp"

#include <fmt/format.h>

#include <cctype>

namespace pgha::config {

namespace {

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!current.empty())
        out.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty())
    out.push_back(std::move(current));
  return out;
}

// Keys whose values become CIB ids or lock names.
bool is_id_key(std::string_view key) {
  return key == "resource_name" || key == "clone_name" || key == "writer_vip_name" ||
         key == "reader_vip_name";
}

} // namespace

bool is_node_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || !is_alnum(s.front()))
    return false;
  for (char c : s)
    if (!is_alnum(c) && c != '.' && c != '-' && c != '_')
      return false;
  return true;
}

bool is_ipv4(std::string_view s) {
  auto parts = split(s, '.');
  if (parts.size() != 4)
    return false;
  for (const auto& p : parts) {
    if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0'))
      return false;
    auto n = parse_int(p);
    if (!n || *n < 0 || *n > 255)
      return false;
  }
  return true;
}

bool is_xml_id(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s.front())) || s.front() == '_'))
    return false;
  for (char c : s)
    if (!is_alnum(c) && c != '.' && c != '-' && c != '_')
      return false;
  return true;
}

std::optional<Problem> check_value(const KeySpec& spec, std::string_view key,
                                   std::string_view value) {
  if (value.empty())
    return std::nullopt;
  if (value.find('\n') != std::string_view::npos)
    return Problem{fmt::format("value of \"{}\" spans lines", key), "write it on one line"};
  switch (spec.type) {
  case KeyType::boolean:
    if (!parse_bool(value))
      return Problem{fmt::format("\"{}\" is not a boolean for \"{}\"", value, key),
                     "write true or false"};
    break;
  case KeyType::integer: {
    auto n = parse_int(value);
    if (!n || *n < spec.min || *n > spec.max)
      return Problem{fmt::format("\"{}\" is not a whole number from {} to {} for \"{}\"", value,
                                 spec.min, spec.max, key),
                     fmt::format("write a number from {} to {}", spec.min, spec.max)};
    break;
  }
  case KeyType::choice: {
    bool found = false;
    for (const auto& c : split(spec.choices, '|'))
      found = found || c == value;
    if (!found)
      return Problem{fmt::format("\"{}\" is not a valid value for \"{}\"", value, key),
                     fmt::format("write one of: {}", spec.choices)};
    break;
  }
  case KeyType::node_name:
    if (!is_node_name(value))
      return Problem{fmt::format("\"{}\" is not a valid node name for \"{}\"", value, key),
                     "use the names \"crm_node -l\" prints (letters, digits, \".\", \"-\", \"_\")"};
    break;
  case KeyType::node_names:
    for (const auto& w : words(value))
      if (!is_node_name(w))
        return Problem{fmt::format("\"{}\" is not a valid node name in \"{}\"", w, key),
                       "separate node names with spaces"};
    break;
  case KeyType::ipv4:
    if (!is_ipv4(value))
      return Problem{fmt::format("\"{}\" is not an IPv4 address for \"{}\"", value, key),
                     "write the address without a prefix length, e.g. 192.168.0.236 (the "
                     "prefix goes into \"vip_cidr_netmask\")"};
    break;
  case KeyType::path:
    if (value.front() != '/')
      return Problem{fmt::format("\"{}\" is not an absolute path for \"{}\"", value, key),
                     "write a path starting with \"/\""};
    break;
  case KeyType::conninfo:
    // libpq's own parser decides, as it does when the tools connect: a password in a URI or a
    // quoted value is found, and a value libpq cannot parse is refused here, before a command
    // (or the agent, through the CIB) first uses it.
    if (auto defect = pq::conninfo_defect(std::string(value)); !defect.empty())
      return Problem{fmt::format("\"{}\" is not a valid conninfo: {}", key, defect),
                     "write keyword=value pairs (quote values with blanks in single quotes) "
                     "or a postgresql:// URI"};
    if (pq::conninfo_has_password(std::string(value)))
      return Problem{fmt::format("\"{}\" contains a password", key),
                     "remove password= and keep the password in a passfile (PGPASSFILE, "
                     "passfile= or ~/.pgpass) or a service file"};
    break;
  case KeyType::text:
    if (is_id_key(key) && !is_xml_id(value))
      return Problem{fmt::format("\"{}\" is not a valid resource id for \"{}\"", value, key),
                     "start with a letter; use letters, digits, \".\", \"-\", \"_\""};
    if (key == "distlock_lockname" && !is_xml_id(value))
      return Problem{fmt::format("\"{}\" is not a valid lock name for \"{}\"", value, key),
                     "start with a letter; use letters, digits, \".\", \"-\", \"_\""};
    break;
  case KeyType::legacy:
    break;
  }
  return std::nullopt;
}

} // namespace pgha::config
