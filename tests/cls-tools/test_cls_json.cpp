// cls_status --json and cls_history --json print exactly the keys docs/cls-json.md documents,
// and the document's examples show exactly those keys: the key paths are read from the
// document itself, so output and documentation cannot drift apart.
#include "tests/cls-tools/command_harness.hpp"
#include "tests/cls-tools/json_keys.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace pgha;
using namespace pgha::cls;
using namespace pgha::test;

namespace {

struct Section {
  std::set<std::string> keys; // from the table rows "| `path` | …"
  std::string example;        // the ```json block
};

// The section of docs/cls-json.md headed `heading`.
Section documented(const std::string& heading) {
  std::ifstream in(std::string(PGHA_SOURCE_DIR) + "/docs/cls-json.md");
  REQUIRE(in);
  Section s;
  std::string line;
  bool inside = false;
  bool in_example = false;
  while (std::getline(in, line)) {
    if (line.starts_with("## ")) {
      inside = line == "## " + heading;
    } else if (inside && line == "```json") {
      in_example = true;
    } else if (inside && in_example && line == "```") {
      in_example = false;
    } else if (inside && in_example) {
      s.example += line + "\n";
    } else if (inside && line.starts_with("| `")) {
      auto end = line.find('`', 3);
      REQUIRE(end != std::string::npos);
      s.keys.insert(line.substr(3, end - 3));
    }
  }
  REQUIRE_FALSE(s.keys.empty());
  REQUIRE_FALSE(s.example.empty());
  return s;
}

distlock::LeaderRecord leader_record() {
  distlock::LeaderRecord record;
  record.owner = "pgsql_n1";
  record.term = 4;
  record.timeline = 2;
  record.sync_standby = "n2";
  record.sync_lsn = "0/3000200";
  record.note = "sync";
  return record;
}

} // namespace

TEST_CASE("cls_status --json prints exactly the documented keys") {
  Harness h;
  h.running_with_replication();
  auto& lock = h.world.fake_lock.row;
  lock.exists = true;
  lock.holder = "pgsql_n1";
  lock.term = 4;
  lock.server_remaining = std::chrono::seconds(20);
  lock.leader = leader_record();
  Args json;
  json.json = true;
  REQUIRE(h.run(cmd_status, json) == 0);
  auto doc = documented("cls_status --json");
  CHECK(JsonKeys::of(h.out) == doc.keys);
  CHECK(JsonKeys::of(doc.example) == doc.keys);
}

TEST_CASE("cls_history --json prints exactly the documented keys") {
  ScratchDir dir;
  Harness h("pgsql_pgdata=" + dir.path.string() + "\n");
  seed_history(h, dir.path, leader_record());
  Args json;
  json.json = true;
  REQUIRE(h.run(cmd_history, json) == 0);
  auto doc = documented("cls_history --json");
  CHECK(JsonKeys::of(h.out) == doc.keys);
  CHECK(JsonKeys::of(doc.example) == doc.keys);
}

TEST_CASE("the key extractor reads nested objects and arrays") {
  CHECK(JsonKeys::of(R"({"a":1,"b":{"c":[{"d":null}],"e":["x"]},"f":true})") ==
        std::set<std::string>{"a", "b", "b.c", "b.c[].d", "b.e", "f"});
  CHECK_THROWS(JsonKeys::of("{\"a\":}"));
}
