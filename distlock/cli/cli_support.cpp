#include "distlock/cli/cli_support.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"
#include "common/pq/conninfo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>

namespace pgha::distlock::cli {
namespace fs = std::filesystem;

std::chrono::milliseconds parse_seconds(std::string_view text, std::string_view what,
                                        bool allow_zero) {
  auto bad = [&] {
    return ConfigError(fmt::format("invalid {} \"{}\"\nHINT: give a number of seconds such as "
                                   "\"9\" or \"0.5\"",
                                   what, text),
                       std::string(what));
  };
  std::string s(trim(text));
  if (s.empty() || s.find_first_not_of("0123456789.") != std::string::npos ||
      std::count(s.begin(), s.end(), '.') > 1 || s == ".")
    throw bad();
  double v = std::strtod(s.c_str(), nullptr);
  if (!std::isfinite(v) || v > 86400.0 * 365)
    throw bad();
  auto ms = std::chrono::milliseconds(std::llround(v * 1000.0));
  if (ms.count() < 0 || (!allow_zero && ms.count() == 0))
    throw bad();
  return ms;
}

void refuse_password(const std::string& conninfo) {
  if (pq::conninfo_has_password(conninfo))
    throw ConfigError("refusing a conninfo with a password on the command line\n"
                      "HINT: put the password in a passfile (PGPASSFILE or ~/.pgpass) or "
                      "a service file (PGSERVICE), and leave it out of -d",
                      "conninfo");
}

std::vector<std::string> sql_files_in(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".sql")
      files.push_back(entry.path().string());
  if (ec || files.empty())
    throw ConfigError(fmt::format("no schema files (*.sql) in \"{}\"\n"
                                  "HINT: point --sql-dir at the installed share/pgha/sql",
                                  dir.string()),
                      "sql-dir");
  std::sort(files.begin(), files.end());
  return files;
}

fs::path find_sql_dir(const std::optional<std::string>& explicit_dir, const fs::path& self) {
  if (explicit_dir)
    return *explicit_dir;
  if (const char* env = std::getenv("PGHA_SQL_DIR"); env && *env)
    return env;
  std::vector<fs::path> candidates;
  if (!self.empty())
    candidates.push_back(self.parent_path() / ".." / "share" / "pgha" / "sql");
  candidates.emplace_back(PGHA_DISTLOCK_SQL_INSTALL_DIR);
  candidates.emplace_back(PGHA_DISTLOCK_SQL_SOURCE_DIR);
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c, ec))
      return c.lexically_normal();
  }
  return candidates.front();
}

std::string iso_utc(ServerTime t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  auto micros = (t - secs).count();
  std::time_t tt = secs.time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c < 0x20)
        out += fmt::format("\\u{:04x}", c);
      else
        out += ch;
    }
  }
  return out + "\"";
}

std::string status_text(const LockId& id, const LeaseState& s) {
  if (!s.exists)
    return fmt::format("lock: {}:{}\nexists: no\n", id.table, id.name);
  auto out = fmt::format("lock: {}:{}\nholder: {}\nterm: {}\nheld: {}\nremaining_ms: {}\n"
                         "lease_start: {}\nlease_end: {}\nserver_now: {}\n",
                         id.table, id.name, s.holder.empty() ? "(free)" : s.holder, s.term,
                         s.held() ? "yes" : "no", s.server_remaining.count(),
                         iso_utc(s.lease_start), iso_utc(s.lease_end), iso_utc(s.server_now));
  if (s.leader) {
    const auto& l = *s.leader;
    out += fmt::format("leader: {}\nleader_term: {}\nleader_timeline: {}\nsync_standby: {}\n"
                       "sync_lsn: {}\nleader_note: {}\n",
                       l.owner, l.term, l.timeline ? std::to_string(*l.timeline) : "(unknown)",
                       !l.sync_standby           ? "(not stated)"
                       : l.sync_standby->empty() ? "(none: acknowledging alone)"
                                                 : *l.sync_standby,
                       l.sync_lsn.empty() ? "-" : l.sync_lsn, l.note);
  }
  return out;
}

std::string status_json(const LockId& id, const LeaseState& s) {
  std::string out =
      fmt::format("{{\"table\":{},\"lockname\":{},\"exists\":{}", json_string(id.table),
                  json_string(id.name), s.exists ? "true" : "false");
  if (s.exists)
    out += fmt::format(",\"holder\":{},\"term\":{},\"held\":{},\"remaining_ms\":{},"
                       "\"lease_start\":{},\"lease_end\":{}",
                       json_string(s.holder), s.term, s.held() ? "true" : "false",
                       s.server_remaining.count(), json_string(iso_utc(s.lease_start)),
                       json_string(iso_utc(s.lease_end)));
  if (s.leader) {
    const auto& l = *s.leader;
    out += fmt::format(",\"leader\":{{\"owner\":{},\"term\":{},\"timeline\":{},"
                       "\"sync_standby\":{},\"sync_lsn\":{},\"note\":{}}}",
                       json_string(l.owner), l.term,
                       l.timeline ? std::to_string(*l.timeline) : std::string("null"),
                       l.sync_standby ? json_string(*l.sync_standby) : std::string("null"),
                       json_string(l.sync_lsn), json_string(l.note));
  }
  out += fmt::format(",\"server_now\":{}}}\n", json_string(iso_utc(s.server_now)));
  return out;
}

namespace {
std::string seconds_text(std::chrono::microseconds d) {
  return fmt::format("{:.3f}s", static_cast<double>(d.count()) / 1e6);
}
} // namespace

std::string history_text(const std::vector<HistoryEntry>& rows) {
  std::string out =
      fmt::format("{:<10} {:<20} {:<24} {:>8} {:<27} {:<27} {:>12} {}\n", "TABLE", "LOCKNAME",
                  "OWNER", "TERM", "HELD_FROM", "HELD_UNTIL", "HELD_FOR", "CURRENT");
  for (const auto& r : rows)
    out += fmt::format("{:<10} {:<20} {:<24} {:>8} {:<27} {:<27} {:>12} {}\n", r.table, r.lockname,
                       r.owner, r.term, iso_utc(r.held_from), iso_utc(r.held_until),
                       seconds_text(r.held_until - r.held_from), r.current ? "yes" : "no");
  return out;
}

std::string history_json(const std::vector<HistoryEntry>& rows) {
  std::string out = "[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto held_us = (r.held_until - r.held_from).count();
    out += fmt::format("{}{{\"table\":{},\"lockname\":{},\"owner\":{},\"term\":{},"
                       "\"held_from\":{},\"held_until\":{},\"held_ms\":{},\"current\":{}}}",
                       i ? "," : "", json_string(r.table), json_string(r.lockname),
                       json_string(r.owner), r.term, json_string(iso_utc(r.held_from)),
                       json_string(iso_utc(r.held_until)), held_us / 1000,
                       r.current ? "true" : "false");
  }
  return out + "]\n";
}

} // namespace pgha::distlock::cli
