#include "cls-tools/lib/status_report.hpp"
#include "tests/cls-tools/cls_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace pgha::cls;

namespace {

StatusReport sample(const config::ClusterConfig& c) {
  auto v = test::make_view(c, {"Promoted", "Unpromoted"}, {"LATEST", "STREAMING|SYNC"});
  v.nodes[0].attributes["pgsql-status"] = "PRI";
  v.nodes[0].attributes["pgsql-master-baseline"] = "00000000070000D0";
  v.nodes[0].attributes["pgsql-slots"] = "pgha_n3:extended:268435456";
  v.nodes[1].attributes["pgsql-receiver"] = "streaming";
  v.nodes[1].attributes["pgsql-status"] = "HS:sync";
  v.nodes[1].attributes["master-pgsql"] = "100";
  v.fail_counts.push_back({"n2", "pgsql", 1});
  ReplicationReport rep;
  rep.available = true;
  rep.current_lsn = "0/7000100";
  rep.standbys.push_back({"n2", "streaming", "sync", "0/7000100", "0/7000000", 256});
  LockReport lock;
  lock.enabled = true;
  lock.reachable = true;
  lock.lockname = "cls1";
  lock.holder = "n1";
  lock.term = 7;
  lock.remaining_ms = 8000;
  return make_status_report(v, c, "n1|1|00000000070000D0", rep, lock);
}

} // namespace

TEST_CASE("status text shows roles, attributes, lock and REPL_INFO like the seed") {
  auto c = test::dual_config();
  auto text = render_status_text(sample(c), c);
  CHECK(text.find("Online: [ n1 n2 ]") != std::string::npos);
  CHECK(text.find("* Node n1: Promoted") != std::string::npos);
  CHECK(text.find("pgsql-data-status") != std::string::npos);
  CHECK(text.find("STREAMING|SYNC") != std::string::npos);
  CHECK(text.find("sync (lag 256 bytes)") != std::string::npos);
  CHECK(text.find("fail-count=1") != std::string::npos);
  CHECK(text.find("pgsql-slots") != std::string::npos);
  CHECK(text.find("pgha_n3:extended:268435456 (holding back WAL)") != std::string::npos);
  CHECK(text.find("pgsql-receiver") != std::string::npos);
  CHECK(text.find("held by \"n1\", term 7") != std::string::npos);
  CHECK(text.ends_with("\npgsql_REPL_INFO:n1|1|00000000070000D0\n"));
}

TEST_CASE("status JSON carries the same facts") {
  auto c = test::dual_config();
  auto json = render_status_json(sample(c));
  CHECK(json.front() == '{');
  CHECK(json.find("\"primary\":\"n1\"") != std::string::npos);
  CHECK(json.find("\"data_status\":\"STREAMING|SYNC\"") != std::string::npos);
  CHECK(json.find("\"lag_bytes\":256") != std::string::npos);
  CHECK(json.find("\"owner\":\"n1\",\"term\":7,\"remaining_ms\":8000") != std::string::npos);
  CHECK(json.find("\"repl_info\":\"n1|1|00000000070000D0\"") != std::string::npos);
  CHECK(json.find("\"fail_count\":1") != std::string::npos);
  CHECK(json.find("\"slots\":\"pgha_n3:extended:268435456\"") != std::string::npos);
  CHECK(json.find("\"receiver\":\"streaming\"") != std::string::npos);
}

TEST_CASE("json_string escapes") {
  CHECK(json_string("a\"b\\c\n\x01") == "\"a\\\"b\\\\c\\n\\u0001\"");
}

TEST_CASE("status shows the lock row's leadership record, as text and JSON") {
  auto c = test::dual_config();
  auto report = sample(c);
  distlock::LeaderRecord rec;
  rec.owner = "pgsql_n1";
  rec.term = 7;
  rec.timeline = 2;
  rec.sync_standby = "n2";
  rec.sync_lsn = "0/7000060";
  rec.note = "sync";
  report.lock.leader = rec;
  auto text = render_status_text(report, c);
  CHECK(text.find("Leadership record: leader \"pgsql_n1\" (term 7), timeline 2, synchronous "
                  "standby \"n2\" since 0/7000060: it may be promoted") != std::string::npos);
  auto json = render_status_json(report);
  CHECK(json.find("\"leader\":{\"owner\":\"pgsql_n1\",\"term\":7,\"timeline\":2,"
                  "\"sync_standby\":\"n2\",\"sync_lsn\":\"0/7000060\",\"note\":\"sync\"}") !=
        std::string::npos);
  rec.sync_standby = std::string();
  CHECK(describe_leader(rec).find("acknowledging alone since 0/7000060: only the leader may be "
                                  "promoted") != std::string::npos);
  CHECK(describe_leader(std::nullopt).find("none yet") == 0);
}
