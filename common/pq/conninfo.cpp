#include "common/pq/conninfo.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>

namespace pgha::pq {

namespace {

// libpq's complaint on one line (PQconninfoParse ends it with a newline).
std::string complaint(char* err) {
  std::string why = err != nullptr ? std::string(trim(err)) : "";
  PQfreemem(err);
  if (auto nl = why.find('\n'); nl != std::string::npos)
    why.erase(nl);
  return why.empty() ? "not a valid conninfo" : why;
}

// Replaces the password of every URI "scheme://user:password@host" in `out` with "*****".
void redact_uri_passwords(std::string& out) {
  std::size_t pos = 0;
  while ((pos = out.find("://", pos)) != std::string::npos) {
    std::size_t start = pos + 3;
    std::size_t end = out.find_first_of("/?# \t\n", start);
    if (end == std::string::npos)
      end = out.size();
    std::size_t at = out.rfind('@', end);
    std::size_t colon = out.find(':', start);
    if (at != std::string::npos && at >= start && colon < at) {
      out.replace(colon + 1, at - colon - 1, "*****");
      end = colon + 1 + 5;
    }
    pos = end;
  }
}

// Replaces the value of every "password = value" keyword in `out` with "*****".
void redact_password_keywords(std::string& out) {
  const std::string key = "password";
  std::size_t pos = 0;
  while ((pos = to_lower(out).find(key, pos)) != std::string::npos) {
    std::size_t p = pos + key.size();
    while (p < out.size() && out[p] == ' ')
      ++p;
    if (p >= out.size() || out[p] != '=') {
      pos = p;
      continue;
    }
    ++p;
    while (p < out.size() && out[p] == ' ')
      ++p;
    std::size_t end = p;
    if (end < out.size() && out[end] == '\'') {
      ++end;
      while (end < out.size() && out[end] != '\'') {
        if (out[end] == '\\')
          ++end;
        ++end;
      }
      end = std::min(end + 1, out.size());
    } else {
      while (end < out.size() && out[end] != ' ')
        ++end;
    }
    out.replace(p, end - p, "*****");
    pos = p + 5;
  }
}

} // namespace

ParsedConninfo parse_conninfo(const std::string& conninfo) {
  ParsedConninfo parsed;
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (opts == nullptr) {
    parsed.defect = complaint(err);
    return parsed;
  }
  for (auto* o = opts; o->keyword != nullptr; ++o)
    if (o->val != nullptr)
      parsed.keywords.emplace_back(o->keyword, o->val);
  PQconninfoFree(opts);
  return parsed;
}

std::string conninfo_defect(const std::string& conninfo) {
  return parse_conninfo(conninfo).defect;
}

bool conninfo_has_password(const std::string& conninfo) {
  auto parsed = parse_conninfo(conninfo);
  if (!parsed.defect.empty())
    throw ConfigError(fmt::format("not a valid conninfo: {}", parsed.defect), "conninfo");
  return std::any_of(parsed.keywords.begin(), parsed.keywords.end(),
                     [](const auto& kv) { return kv.first == "password"; });
}

void refuse_password(std::string_view what, const std::string& conninfo) {
  auto parsed = parse_conninfo(conninfo);
  if (!parsed.defect.empty())
    throw ConfigError(fmt::format("{} is not a valid conninfo: {}", what, parsed.defect),
                      std::string(what));
  for (const auto& [keyword, value] : parsed.keywords)
    if (keyword == "password")
      throw ConfigError(fmt::format("{} contains a password\nHINT: put it in a passfile "
                                    "(PGPASSFILE, passfile= or ~/.pgpass) or a service file",
                                    what),
                        std::string(what));
}

std::string quote_conninfo_value(std::string_view value) {
  if (!value.empty() && value.find_first_of(" \t\n'\\") == std::string_view::npos)
    return std::string(value);
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

std::string redact_conninfo(std::string_view text) {
  std::string out(text);
  redact_uri_passwords(out);
  redact_password_keywords(out);
  return out;
}

} // namespace pgha::pq
