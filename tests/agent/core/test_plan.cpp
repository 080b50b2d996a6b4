#include "agent/core/plan.hpp"

#include <catch2/catch.hpp>

using namespace pgha::agent::core;
using namespace std::chrono_literals;

TEST_CASE("scores render like Pacemaker writes them") {
  CHECK(format_score(k_score_never) == "-INFINITY");
  CHECK(format_score(k_score_infinity) == "INFINITY");
  CHECK(format_score(2000000) == "INFINITY");
  CHECK(format_score(110) == "110");
  CHECK(format_score(-5) == "-5");
}

TEST_CASE("every step formats to one log line") {
  struct Row {
    Step step;
    const char* line;
  };
  pgha::model::ReplInfo info{"node2", 1U, pgha::model::Lsn(0x70000D0), 4U};
  const Row rows[] = {
      {SetNodeAttribute{"pgsql-status", "node1", "PRI", Lifetime::reboot},
       "set attribute \"pgsql-status\"=\"PRI\" on \"node1\" (reboot)"},
      {DeleteNodeAttribute{"pgsql-xlog-loc", "node1", Lifetime::reboot},
       "delete attribute \"pgsql-xlog-loc\" on \"node1\" (reboot)"},
      {SetPromotionScore{"node2", k_score_never}, "set promotion score of \"node2\" to -INFINITY"},
      {SetSyncStandbyNames{"\"node2\""}, "set synchronous_standby_names to '\"node2\"' and reload"},
      {AcquireLock{}, "acquire the lease"},
      {RenewLock{}, "renew the lease"},
      {ReleaseLock{}, "release the lease"},
      {SetReplInfo{info}, "set REPL_INFO to \"node2|1|00000000070000D0|4\""},
      {RestartAsPrimary{}, "restart as primary (no promotion, timeline kept)"},
      {PgCtlPromote{}, "pg_ctl promote (new timeline)"},
      {StopPostgres{StopMode::fast, 1500ms},
       "stop PostgreSQL in fast mode, waiting at most 1500 ms"},
      {VerifyStopped{}, "verify PostgreSQL is stopped"},
      {StartStandby{}, "start PostgreSQL as a standby"},
  };
  for (const auto& r : rows) {
    SECTION(r.line) {
      CHECK(format_step(r.step) == r.line);
    }
  }
  SECTION("a plan is numbered") {
    CHECK(format_plan({AcquireLock{}, PgCtlPromote{}}) ==
          "1. acquire the lease\n2. pg_ctl promote (new timeline)\n");
  }
}
