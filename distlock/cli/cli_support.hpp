#pragma once
// Pure helpers of the distlock command: argument parsing, exit codes and output formats.
// Kept out of main.cpp so unit tests can reach them.

#include <pgha/distlock/lock.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgha::distlock::cli {

// The documented exit codes of `distlock`.
enum ExitCode : int {
  k_exit_ok = 0,           // the lock service answered; the answer is on stdout
  k_exit_unreachable = 1,  // the lock service could not be reached within the bound
  k_exit_usage = 2,        // bad arguments or configuration (nothing was sent)
  k_exit_server_error = 3, // the lock service answered with an error (e.g. schema missing)
  k_exit_internal = 4,     // anything else (a bug)
};

// Parse a positive number of seconds ("9", "0.5") into milliseconds; `what` names the
// argument in the ConfigError thrown for anything else. `allow_zero` admits "0".
std::chrono::milliseconds parse_seconds(std::string_view text, std::string_view what,
                                        bool allow_zero = false);

// Throws ConfigError (with a HINT) when a conninfo given on the command line has a password.
void refuse_password(const std::string& conninfo);

// The *.sql files of `dir` in name order; ConfigError when there is none.
std::vector<std::string> sql_files_in(const std::filesystem::path& dir);

// Where `init` finds the schema: `explicit_dir` if given, else $PGHA_SQL_DIR, else
// <binary dir>/../share/pgha/sql, else the install path compiled in, else the source tree.
std::filesystem::path find_sql_dir(const std::optional<std::string>& explicit_dir,
                                   const std::filesystem::path& self);

// "2026-11-21T15:52:27.123456Z"
std::string iso_utc(ServerTime t);

// A JSON string literal (quotes included); UTF-8 passes through, control characters escaped.
std::string json_string(std::string_view s);

std::string status_text(const LockId& id, const LeaseState& s);
std::string status_json(const LockId& id, const LeaseState& s);
std::string history_text(const std::vector<HistoryEntry>& rows);
std::string history_json(const std::vector<HistoryEntry>& rows);

} // namespace pgha::distlock::cli
