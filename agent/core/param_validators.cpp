#include "agent/core/param_validators.hpp"

#include "common/base/strings.hpp"
#include "common/model/node_name.hpp"
#include "common/model/rep_mode.hpp"

#include <fmt/format.h>

#include <set>

namespace pgha::agent::core::validators {

namespace {

std::vector<std::string> words(std::string_view v) {
  std::vector<std::string> out;
  std::string word;
  for (char c : std::string(v) + " ") {
    if (c == ' ' || c == '\t' || c == ',') {
      if (!word.empty()) {
        out.push_back(word);
        word.clear();
      }
    } else {
      word += c;
    }
  }
  return out;
}

std::string int_range(std::string_view v, long long lo, long long hi) {
  auto n = parse_int(v);
  if (!n) {
    return fmt::format("must be an integer, got \"{}\"", v);
  }
  if (*n < lo || *n > hi) {
    return fmt::format("must be between {} and {}, got {}", lo, hi, *n);
  }
  return {};
}

} // namespace

std::string absolute_path(std::string_view v) {
  if (v.empty()) {
    return {};
  }
  return absolute_path_required(v);
}

std::string absolute_path_required(std::string_view v) {
  if (v.empty()) {
    return "must be set";
  }
  if (v.front() != '/') {
    return fmt::format("must be an absolute path, got \"{}\"", v);
  }
  if (auto e = single_line(v); !e.empty()) {
    return e;
  }
  return {};
}

std::string port(std::string_view v) {
  return int_range(v, 1, 65535);
}
std::string non_negative(std::string_view v) {
  return int_range(v, 0, 86400);
}
std::string positive(std::string_view v) {
  return int_range(v, 1, 86400);
}
std::string lease_ttl(std::string_view v) {
  return int_range(v, 2, 3600);
}

std::string node_list_optional(std::string_view v) {
  std::set<std::string> seen;
  for (const auto& w : words(v)) {
    auto name = model::normalize_node_name(w);
    // Why: Pacemaker's node names are case-sensitive and become REPL_INFO, attribute and slot
    // names; a record naming "Node1" is refused by every later parse (exit code 6).
    if (name != w) {
      return fmt::format("contains node name \"{}\" with capital letters (node names must be "
                         "lowercase, like the names the nodes have in Pacemaker)",
                         w);
    }
    if (!model::is_valid_node_name(name)) {
      return fmt::format("contains an invalid node name \"{}\"", w);
    }
    if (!seen.insert(name).second) {
      return fmt::format("lists node \"{}\" twice", name);
    }
  }
  return {};
}

std::string node_list(std::string_view v) {
  if (words(v).empty()) {
    return "must list the nodes that run PostgreSQL";
  }
  return node_list_optional(v);
}

std::string os_user(std::string_view v) {
  if (v.empty() || v.size() > 32) {
    return fmt::format("must be a user name, got \"{}\"", v);
  }
  for (char c : v) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) {
      return fmt::format("must be a user name, got \"{}\"", v);
    }
  }
  return {};
}

std::string no_blank(std::string_view v) {
  if (v.find_first_of(" \t\r\n") != std::string_view::npos) {
    return fmt::format("must not contain blanks, got \"{}\"", v);
  }
  return {};
}

std::string rep_mode(std::string_view v) {
  if (model::parse_rep_mode(v)) {
    return {};
  }
  return fmt::format("must be \"sync\" or \"async\", got \"{}\"", v);
}

std::string conninfo_without_password(std::string_view v) {
  if (auto e = single_line(v); !e.empty()) {
    return e;
  }
  // Why: parameters are stored in the CIB, copied to every node and shown by crm tools; a
  // password there leaks. Passwords belong in a passfile (PGPASSFILE / passfile=).
  auto lower = to_lower(v);
  std::size_t pos = 0;
  while ((pos = lower.find("password", pos)) != std::string::npos) {
    auto after = lower.find_first_not_of(" \t", pos + 8);
    bool at_start = pos == 0 || lower[pos - 1] == ' ' || lower[pos - 1] == '\t' ||
                    lower[pos - 1] == '?' || lower[pos - 1] == '&';
    if (at_start && after != std::string::npos && lower[after] == '=') {
      return "must not contain a password (use a passfile: PGPASSFILE or passfile=)";
    }
    pos += 8;
  }
  // URI form postgresql://user:secret@host
  auto scheme = lower.find("://");
  if (scheme != std::string::npos) {
    auto at = lower.find('@', scheme);
    auto colon = lower.find(':', scheme + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      return "must not contain a password (use a passfile: PGPASSFILE or passfile=)";
    }
  }
  return {};
}

std::string slot_prefix(std::string_view v) {
  for (char c : v) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return fmt::format("may contain only [a-z0-9_], got \"{}\"", v);
    }
  }
  if (v.size() > 40) {
    return "must be at most 40 characters (the node name is appended)";
  }
  return {};
}

std::string lock_name(std::string_view v) {
  if (v.empty()) {
    return {};
  }
  auto colon = v.find(':');
  auto check = [](std::string_view part) {
    if (part.empty() || part.size() > 63) {
      return false;
    }
    for (char c : part) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  };
  bool ok = colon == std::string_view::npos
                ? check(v)
                : check(v.substr(0, colon)) && check(v.substr(colon + 1));
  if (!ok) {
    return fmt::format("must be \"lockname\" or \"table:lockname\" of [A-Za-z0-9_.-], got \"{}\"",
                       v);
  }
  return {};
}

std::string retry_interval(std::string_view v) {
  auto digits = v.find_first_not_of("0123456789");
  auto unit = digits == std::string_view::npos ? std::string_view() : v.substr(digits);
  auto n = parse_int(v.substr(0, digits));
  long long ms_per_unit = unit == "ms"                  ? 1
                          : unit == "s" || unit.empty() ? 1000
                          : unit == "min"               ? 60000
                                                        : 0;
  if (!n || ms_per_unit == 0) {
    return fmt::format("must be a duration such as 500ms, 1s or 1min, got \"{}\"", v);
  }
  if (*n < 1 || *n * ms_per_unit > 3600000) {
    return fmt::format("must be between 1ms and 1h, got \"{}\"", v);
  }
  return {};
}

std::string single_line(std::string_view v) {
  if (v.find_first_of("\r\n") != std::string_view::npos) {
    return "must be a single line";
  }
  return {};
}

std::string option_words(std::string_view v) {
  if (auto line = single_line(v); !line.empty()) {
    return line;
  }
  if (!split_words(v)) {
    return "has an unbalanced quote or a trailing backslash";
  }
  return {};
}

} // namespace pgha::agent::core::validators
