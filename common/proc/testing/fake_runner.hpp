#pragma once
// A Runner for unit tests (target pgha_proc_testing) that starts nothing: each program the
// test expects gets a scripted result, keyed by the last path component of argv[0]
// ("pg_rewind"). Strict: running a program with no script left throws ProcessError, as a
// missing binary would. Every run is recorded as its argv joined by blanks.

#include "common/proc/runner.hpp"

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace pgha::proc::testing {

class FakeRunner final : public Runner {
 public:
  // The next run of `program` returns `result` (scripts of one program are used in order).
  void script(const std::string& program, Result result);
  // Shorthand: exit 0 with `out` on stdout.
  void script_ok(const std::string& program, const std::string& out = {});

  // "pg_rewind -D /data --source-server=... --dry-run", oldest first.
  std::vector<std::string> calls() const;

  Result run(const Command& command) override;

 private:
  mutable std::mutex m_mutex; // cls_rebuild_slave runs pg_basebackup on another thread
  std::map<std::string, std::deque<Result>> m_scripts;
  std::vector<std::string> m_calls;
};

} // namespace pgha::proc::testing
