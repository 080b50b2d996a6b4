#pragma once
// A cls_* command run against cls::testing::FakeWorld: the fakes of every seam, a two-node
// dual cluster ("n1", "n2", clone "pgsql-clone", local node "n2"), and the command's output.

#include "cls-tools/lib/commands.hpp"
#include "cls-tools/lib/exit_codes.hpp"
#include "cls-tools/lib/testing/fake_world.hpp"
#include "common/model/attribute_names.hpp"
#include "common/model/data_status.hpp"
#include "tests/cls-tools/cls_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pgha::test {

using cls::Args;
using cls::CommandFailure;
using cls::CommandFn;
using cls::Context;
using cluster::testing::FakeCluster;
using model::DataStatus;
using model::SenderState;
using model::SyncState;

inline const auto k_second = std::chrono::seconds(1);

// FakeCluster names a promotable resource's clone "<id>-clone".
inline config::ClusterConfig fake_config(const std::string& extra = {}) {
  return test::dual_config("clone_name=pgsql-clone\n" + extra);
}

inline std::string streaming(SyncState sync) {
  return model::to_string(DataStatus::replication(SenderState::streaming, sync));
}

inline bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// A directory of its own per test case, removed at the end.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pgha-cls-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

struct Harness {
  config::ClusterConfig config;
  cls::testing::FakeWorld world;
  FakeCluster& fake;
  model::AttributeNames names;
  std::string out;

  explicit Harness(const std::string& extra = {})
      : config(fake_config(extra)), world(config), fake(world.fake_cluster),
        names(config.attribute_names()) {
    fake.add_node("n1");
    fake.add_node("n2");
    fake.add_resource("pgsql", true);
    fake.add_resource("vip-master");
    fake.add_resource("vip-slave");
    fake.add_resource("pgsql-clone"); // the id cls uses for the clone
    fake.set_local_node("n2");
    fake.set_quorum(true);
  }

  void data_status(const std::string& node, const std::string& value) {
    fake.set_node_attribute(node, names.data_status, value, cluster::Lifetime::forever,
                            Deadline::after(k_second));
  }

  // n1 primary with the writer VIP, n2 its synchronous standby with the reader VIP.
  void running(const std::string& primary = "n1", const std::string& standby = "n2") {
    fake.set_role("pgsql", primary, "Promoted");
    fake.set_role("pgsql", standby, "Unpromoted");
    fake.set_role("vip-master", primary, "Started");
    fake.set_role("vip-slave", primary, "Stopped");
    fake.set_role("vip-slave", standby, "Started");
    data_status(primary, model::to_string(DataStatus::latest()));
    data_status(standby, streaming(SyncState::sync));
  }

  // running(), plus what cls_status reads from the primary: REPL_INFO, n2 streaming
  // synchronously (flushed to 0/3000200, replayed to 0/3000100), the primary at 0/3000200.
  void running_with_replication() {
    running();
    fake.set_property(names.repl_info, "n1|1|0000000003000110|4", Deadline::after(k_second));
    pg::ReplicationRow row;
    row.application_name = "n2";
    row.state = "streaming";
    row.sync_state = "sync";
    row.flush_lsn = model::Lsn(0x3000200);
    row.replay_lsn = model::Lsn(0x3000100);
    world.primary_dba.replication = {row};
    world.primary_dba.current = model::Lsn(0x3000200);
  }

  void stopped() {
    for (const char* n : {"n1", "n2"}) {
      fake.set_role("pgsql", n, "Stopped");
      fake.set_role("vip-master", n, "Stopped");
      fake.set_role("vip-slave", n, "Stopped");
    }
  }

  int run(CommandFn fn, const Args& args) {
    char* buf = nullptr;
    size_t len = 0;
    std::FILE* mem = open_memstream(&buf, &len);
    REQUIRE(mem != nullptr);
    int rc = 0;
    try {
      Context ctx(config, world, mem);
      rc = fn(ctx, args);
    } catch (const CommandFailure& e) {
      rc = static_cast<int>(e.code());
      out = e.what();
      std::fclose(mem);
      std::free(buf);
      return rc;
    } catch (...) {
      // Any other exception reaches the test, without leaking the stream (LeakSanitizer).
      std::fclose(mem);
      std::free(buf);
      throw;
    }
    std::fclose(mem);
    out.assign(buf, len);
    std::free(buf);
    return rc;
  }
};

// What cls_history reads: one timeline switch in pgdata/pg_wal, REPL_INFO, pgsql_n1 as the
// lock's current owner at term 4 and one change of the leadership record (`record`).
inline void seed_history(Harness& h, const std::filesystem::path& pgdata,
                         const distlock::LeaderRecord& record) {
  std::filesystem::create_directories(pgdata / "pg_wal");
  std::ofstream(pgdata / "pg_wal" / "00000002.history")
      << "1\t0/3000110\tno recovery target specified\n";
  h.fake.set_property(h.names.repl_info, "n1|1|0000000003000110|4", Deadline::after(k_second));
  distlock::HistoryEntry owner;
  owner.owner = "pgsql_n1";
  owner.term = 4;
  owner.current = true;
  h.world.fake_lock.owners = {owner};
  distlock::LeaderHistoryEntry change;
  change.holder = "pgsql_n1";
  change.term = 4;
  change.record = record;
  h.world.fake_lock.leaders = {change};
}

inline Args with_node(const std::string& node) {
  Args a;
  a.node = node;
  return a;
}

} // namespace pgha::test
