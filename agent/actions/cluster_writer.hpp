#pragma once
// Writes to Pacemaker only when a value changes. Each crm_attribute run costs a process and,
// when it writes, a cluster-wide CIB update; the recurring monitor would otherwise pay both on
// every pass. The values this node last wrote or read are cached in the state directory for
// k_cache_ttl; a cached value equal to the wanted one means no process at all. After the TTL
// the value is read back from the CIB again, so a change made elsewhere is noticed.
// A tool run that fails is tried again while a whole further run (crm_attr_timeout) still fits
// in the action's deadline, at most k_attempts runs: a CIB stalled for a few seconds must not
// fail a start or a promote (every call sets or reads one value, so a repeat is harmless).

#include "agent/actions/state_file.hpp"
#include "common/base/deadline.hpp"
#include "common/cluster/cluster.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgha::agent {

class ClusterWriter {
 public:
  static constexpr std::chrono::seconds k_cache_ttl{60};
  static constexpr int k_attempts = 3;

  // `per_call` bounds each tool run (crm_attr_timeout), never past `deadline`.
  ClusterWriter(cluster::Cluster& cluster, StateFile& cache, std::string resource,
                std::chrono::milliseconds per_call, Deadline deadline);

  // Each returns true when it changed the CIB, or, for transient attributes and scores (which
  // go through pacemaker-attrd without a read first), when it handed the value to attrd.
  bool set_attribute(const std::string& node, const std::string& name, const std::string& value,
                     cluster::Lifetime lifetime);
  bool delete_attribute(const std::string& node, const std::string& name,
                        cluster::Lifetime lifetime);
  bool set_score(const std::string& node, int score);
  bool set_property(const std::string& name, const std::string& value);

  // Values that do not depend on one another, written at once (Cluster::set_all) without a
  // read first; those the cache already holds are skipped. Throws the first failure after
  // every write was tried (the whole batch again while the deadline allows, as above).
  void set_all(const std::vector<cluster::Write>& writes);

  // What the cache holds (nullopt: unknown; a value of nullopt inside: known absent).
  std::optional<std::optional<std::string>> cached_attribute(const std::string& node,
                                                             const std::string& name,
                                                             cluster::Lifetime lifetime) const;
  // The value, from the cache when fresh, else read from the CIB (and cached).
  std::optional<std::string> attribute(const std::string& node, const std::string& name,
                                       cluster::Lifetime lifetime);
  std::optional<int> score(const std::string& node);
  // `fresh`: bypass the cache (safety decisions at start and promote read the CIB).
  std::optional<std::string> property(const std::string& name, bool fresh = false);

  // A property value read elsewhere just now (World::read_cib), kept as property() would.
  void note_property(const std::string& name, const std::optional<std::string>& value);

  // Forget everything cached (after start/stop, when others may have written).
  void forget_all();

 private:
  Deadline call_deadline() const;
  template <typename Call>
  auto attempt(std::string_view what, Call&& call);
  std::optional<std::optional<std::string>> cached(const std::string& key) const;
  void remember(const std::string& key, const std::optional<std::string>& value);

  cluster::Cluster& m_cluster;
  StateFile& m_cache;
  std::string m_resource;
  std::chrono::milliseconds m_per_call;
  Deadline m_deadline;
};

} // namespace pgha::agent
