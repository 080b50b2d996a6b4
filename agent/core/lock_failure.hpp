#pragma once
// Why the lock service did not answer a lease request, and the exit reason that names it. The
// decision stays the same for every cause (no lease: no promotion, no async fallback); only the
// reason differs, so the operator knows what to fix.

#include <string>
#include <string_view>

namespace pgha::agent::core {

enum class LockFailure {
  none,           // answered (acquired or held by another)
  unreachable,    // no connection: network, server down, timeout
  auth_refused,   // the server refused the login (SQLSTATE 28000/28P01, password needed)
  schema_missing, // the lock table or its functions do not exist (42P01, 42883, 3F000)
  query_failed,   // any other error the server answered with
};

// The cause from what failed: `connected` false for a connection failure, else the
// statement's SQLSTATE; `message` is the first line of the error (libpq reports the server's
// refusal of a login only as text).
LockFailure classify_lock_failure(bool connected, std::string_view sqlstate,
                                  std::string_view message);

// "<cause>: <detail>; HINT: <what to do>" on one line.
std::string lock_failure_reason(LockFailure failure, std::string_view detail);

} // namespace pgha::agent::core
