#include "agent/core/lock_failure.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;

TEST_CASE("lock service failures are named by their cause") {
  CHECK(classify_lock_failure(true, "42P01", "relation \"distlock\" does not exist") ==
        LockFailure::schema_missing);
  CHECK(classify_lock_failure(true, "42883", "function f() does not exist") ==
        LockFailure::schema_missing);
  CHECK(classify_lock_failure(true, "28P01", "") == LockFailure::auth_refused);
  CHECK(classify_lock_failure(true, "40001", "could not serialize") == LockFailure::query_failed);
  CHECK(classify_lock_failure(false, "",
                              "FATAL:  password authentication failed for user \"pgha\"") ==
        LockFailure::auth_refused);
  CHECK(classify_lock_failure(false, "", "FATAL:  no pg_hba.conf entry for host \"10.0.0.1\"") ==
        LockFailure::auth_refused);
  CHECK(classify_lock_failure(false, "", "lock service \"x\" requires a password") ==
        LockFailure::auth_refused);
  CHECK(classify_lock_failure(false, "", "no connection within 3000 ms") ==
        LockFailure::unreachable);

  auto schema = lock_failure_reason(LockFailure::schema_missing, "relation does not exist");
  CHECK(schema.rfind("lock schema not installed", 0) == 0);
  CHECK(schema.find("HINT: run \"distlock -d CONNINFO init\"") != std::string::npos);
  CHECK(lock_failure_reason(LockFailure::auth_refused, "x").find("HINT: check the passfile") !=
        std::string::npos);
  CHECK(lock_failure_reason(LockFailure::unreachable, "timeout")
            .rfind("lock service unreachable", 0) == 0);
  CHECK(schema.find('\n') == std::string::npos);
}
