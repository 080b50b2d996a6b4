// CrmCluster::set_all: independent writes run their tools at once, every write is tried, and a
// CIB file (whose writers would overwrite one another) gets them one after another.

#include "common/base/error.hpp"
#include "common/cluster/crm_cluster.hpp"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>

using namespace pgha;
using namespace std::chrono_literals;

namespace {

// Each run waits (bounded) until `together` runs are in flight, so that runs made one after
// another show up as at most one in flight. A run whose argv mentions `failing` exits 1.
class GatheringRunner final : public proc::Runner {
 public:
  GatheringRunner(int together, std::string failing = {})
      : m_together(together), m_failing(std::move(failing)) {}

  proc::Result run(const proc::Command& cmd) override {
    std::unique_lock lock(m_mutex);
    ++m_in_flight;
    m_max_in_flight = std::max(m_max_in_flight, m_in_flight);
    std::string line;
    for (const auto& a : cmd.argv)
      line += a + " ";
    m_calls.push_back(line);
    m_changed.notify_all();
    m_changed.wait_for(lock, 5s, [&] { return m_max_in_flight >= m_together; });
    --m_in_flight;
    proc::Result r;
    r.exit_code = !m_failing.empty() && line.find(m_failing) != std::string::npos ? 1 : 0;
    return r;
  }

  int max_in_flight() const {
    std::lock_guard lock(m_mutex);
    return m_max_in_flight;
  }
  std::size_t calls() const {
    std::lock_guard lock(m_mutex);
    return m_calls.size();
  }

 private:
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  int m_together;
  std::string m_failing;
  int m_in_flight = 0;
  int m_max_in_flight = 0;
  std::vector<std::string> m_calls;
};

std::vector<cluster::Write> promote_record() {
  return {cluster::Write::property("pgsql_REPL_INFO", "node2|3|0000000003000060|4"),
          cluster::Write::promotion_score("pgsql", "node1", -1000000),
          cluster::Write::promotion_score("pgsql", "node2", 1000),
          cluster::Write::node_attribute("node2", "pgsql-master-baseline", "0000000003000060",
                                         cluster::Lifetime::reboot)};
}

cluster::CrmOptions live_cluster() {
  cluster::CrmOptions options;
  options.sbin_dir = "/usr/sbin";
  return options;
}

} // namespace

TEST_CASE("set_all runs the tools of independent writes at once", "[crm_set_all]") {
  GatheringRunner runner(4);
  cluster::CrmCluster crm(runner, live_cluster());
  crm.set_all(promote_record(), Deadline::after(30s));
  CHECK(runner.calls() == 4);
  CHECK(runner.max_in_flight() == 4);
}

TEST_CASE("set_all tries every write and throws the failure once all have ended", "[crm_set_all]") {
  GatheringRunner runner(4, "--node=node1");
  cluster::CrmCluster crm(runner, live_cluster());
  CHECK_THROWS_AS(crm.set_all(promote_record(), Deadline::after(30s)), ClusterError);
  CHECK(runner.calls() == 4);
  CHECK(runner.max_in_flight() == 4);
}

TEST_CASE("set_all on a CIB file writes one value after another", "[crm_set_all]") {
  GatheringRunner runner(1);
  auto options = live_cluster();
  options.cib_file = "/nonexistent/cib.xml"; // never opened: the runner is a fake
  cluster::CrmCluster crm(runner, options);
  crm.set_all(promote_record(), Deadline::after(30s));
  CHECK(runner.calls() == 4);
  CHECK(runner.max_in_flight() == 1);
}
