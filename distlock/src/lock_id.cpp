// Lock names, owners and table identifiers: validated before any server contact.

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <pgha/distlock/lock.hpp>

#include <fmt/format.h>

namespace pgha::distlock {
namespace {

// PostgreSQL's NAMEDATALEN - 1: longer identifiers would be truncated silently.
constexpr std::size_t k_max_identifier = 63;

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c == 0)
      return false;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size())
      return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are rejected by the server too.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

bool plain_identifier(std::string_view s) {
  if (s.empty() || s.size() > k_max_identifier)
    return false;
  auto first = s.front();
  if (!(first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')))
    return false;
  for (char c : s) {
    if (!(c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

std::string quote_identifier(std::string_view s) {
  // Only plain identifiers get here, so there is no double quote to double.
  return fmt::format("\"{}\"", s);
}

void validate_table(const std::string& table) {
  auto dot = table.find('.');
  bool ok = dot == std::string::npos
                ? plain_identifier(table)
                : plain_identifier(std::string_view(table).substr(0, dot)) &&
                      plain_identifier(std::string_view(table).substr(dot + 1));
  if (!ok)
    throw ConfigError(fmt::format("invalid lock table name \"{}\"\n"
                                  "HINT: use letters, digits, \"_\" or \"$\" (at most 63, not "
                                  "starting with a digit), optionally as \"schema.table\"",
                                  table),
                      "table");
}

} // namespace

void validate(const LockId& id) {
  validate_table(id.table);
  if (id.name.empty())
    throw ConfigError("lock name is empty", "lockname");
  if (!valid_utf8(id.name))
    throw ConfigError("lock name is not valid UTF-8 or contains a NUL byte", "lockname");
}

void validate_owner(std::string_view owner) {
  if (owner.empty())
    throw ConfigError("lock owner is empty\nHINT: the empty owner marks a free lock", "owner");
  if (!valid_utf8(owner))
    throw ConfigError("lock owner is not valid UTF-8 or contains a NUL byte", "owner");
}

LockId parse_lock_id(std::string_view spec) {
  LockId id;
  auto colon = spec.find(':');
  if (colon == std::string_view::npos) {
    id.name = std::string(spec);
  } else {
    id.table = std::string(spec.substr(0, colon));
    id.name = std::string(spec.substr(colon + 1));
  }
  validate(id);
  return id;
}

std::string quoted_table(const LockId& id) {
  validate_table(id.table);
  // Folded like an unquoted name, so "MyLocks:x" finds the table `create table MyLocks` made.
  auto table = to_lower(id.table);
  auto dot = table.find('.');
  if (dot == std::string::npos)
    return quote_identifier(table);
  return quote_identifier(std::string_view(table).substr(0, dot)) + "." +
         quote_identifier(std::string_view(table).substr(dot + 1));
}

} // namespace pgha::distlock
