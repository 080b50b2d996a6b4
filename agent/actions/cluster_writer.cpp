#include "agent/actions/cluster_writer.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"

#include <ctime>

namespace pgha::agent {

namespace {

std::string attr_key(const std::string& node, const std::string& name, cluster::Lifetime lt) {
  return fmt::format("attr:{}:{}:{}", model::to_string(lt), node, name);
}

std::string lifetime_name(cluster::Lifetime lt) {
  return std::string(model::to_string(lt));
}

// Transient (reboot) attributes and promotion scores go through pacemaker-attrd, which writes
// the CIB only when a value changes. Reading the value first would only double the processes
// (one crm_attribute run each) on paths such as the promote, and it reads the CIB, which can
// lag behind attrd. Permanent attributes and properties are written to the CIB directly: for
// them a read spares a cluster-wide update, unless the cache already knows the value differs
// (a stale cache then costs one redundant write, never a missed one).
bool through_attrd(cluster::Lifetime lt) {
  return lt == cluster::Lifetime::reboot;
}

long long now_s() {
  return static_cast<long long>(std::time(nullptr));
}

} // namespace

ClusterWriter::ClusterWriter(cluster::Cluster& cluster, StateFile& cache, std::string resource,
                             std::chrono::milliseconds per_call, Deadline deadline)
    : m_cluster(cluster), m_cache(cache), m_resource(std::move(resource)), m_per_call(per_call),
      m_deadline(deadline) {}

Deadline ClusterWriter::call_deadline() const {
  return m_deadline.capped(m_per_call);
}

template <typename Call>
auto ClusterWriter::attempt(std::string_view what, Call&& call) {
  for (int n = 1;; ++n) {
    try {
      return call(call_deadline());
    } catch (const ClusterError& e) {
      if (n >= k_attempts || m_deadline.remaining() < m_per_call)
        throw;
      log::warn("{}: attempt {} of {} failed, trying again: {}", what, n, k_attempts, e.what());
    }
  }
}

// Stored as "<epoch seconds>|v:<value>" or "<epoch seconds>|absent".
std::optional<std::optional<std::string>> ClusterWriter::cached(const std::string& key) const {
  auto raw = m_cache.get(key);
  if (!raw)
    return std::nullopt;
  auto bar = raw->find('|');
  if (bar == std::string::npos)
    return std::nullopt;
  auto when = parse_int(std::string_view(*raw).substr(0, bar));
  auto age = when ? now_s() - *when : k_cache_ttl.count() + 1;
  if (age < 0 || age > k_cache_ttl.count())
    return std::nullopt;
  auto rest = raw->substr(bar + 1);
  if (rest == "absent")
    return std::optional<std::string>{};
  if (rest.rfind("v:", 0) == 0)
    return std::optional<std::string>{rest.substr(2)};
  return std::nullopt;
}

void ClusterWriter::remember(const std::string& key, const std::optional<std::string>& value) {
  m_cache.set(key, std::to_string(now_s()) + "|" + (value ? "v:" + *value : "absent"));
}

std::optional<std::optional<std::string>>
ClusterWriter::cached_attribute(const std::string& node, const std::string& name,
                                cluster::Lifetime lifetime) const {
  return cached(attr_key(node, name, lifetime));
}

bool ClusterWriter::set_attribute(const std::string& node, const std::string& name,
                                  const std::string& value, cluster::Lifetime lifetime) {
  auto key = attr_key(node, name, lifetime);
  auto c = cached(key);
  if (c && *c == value)
    return false;
  bool wrote = attempt("set attribute " + name, [&](Deadline d) {
    if (through_attrd(lifetime) || c) {
      m_cluster.set_node_attribute(node, name, value, lifetime, d);
      return true;
    }
    return m_cluster.update_node_attribute(node, name, value, lifetime, d);
  });
  remember(key, value);
  if (wrote)
    log::info("attribute \"{}\" of \"{}\" ({}) set to \"{}\"", name, node, lifetime_name(lifetime),
              value);
  return wrote;
}

bool ClusterWriter::delete_attribute(const std::string& node, const std::string& name,
                                     cluster::Lifetime lifetime) {
  auto key = attr_key(node, name, lifetime);
  auto c = cached(key);
  if (c && !c->has_value())
    return false;
  bool wrote = attempt("delete attribute " + name, [&](Deadline d) {
    if (through_attrd(lifetime) || c) {
      m_cluster.delete_node_attribute(node, name, lifetime, d);
      return true;
    }
    return m_cluster.remove_node_attribute(node, name, lifetime, d);
  });
  remember(key, std::nullopt);
  if (wrote)
    log::info("attribute \"{}\" of \"{}\" ({}) deleted", name, node, lifetime_name(lifetime));
  return wrote;
}

bool ClusterWriter::set_score(const std::string& node, int score) {
  auto key = "score:" + node;
  auto text = cluster::format_score(score);
  if (auto c = cached(key); c && *c == text)
    return false;
  bool wrote = attempt("set promotion score", [&](Deadline d) {
    // A promotion score is a transient attribute: see through_attrd.
    m_cluster.set_promotion_score(m_resource, node, score, d);
    return true;
  });
  remember(key, text);
  if (wrote)
    log::info("promotion score of \"{}\" set to {}", node, text);
  return wrote;
}

bool ClusterWriter::set_property(const std::string& name, const std::string& value) {
  auto key = "property:" + name;
  auto c = cached(key);
  if (c && *c == value)
    return false;
  bool wrote = attempt("set property " + name, [&](Deadline d) {
    if (c) {
      m_cluster.set_property(name, value, d);
      return true;
    }
    return m_cluster.update_property(name, value, d);
  });
  remember(key, value);
  if (wrote)
    log::info("cluster property \"{}\" set to \"{}\"", name, value);
  return wrote;
}

void ClusterWriter::set_all(const std::vector<cluster::Write>& wanted) {
  std::vector<cluster::Write> writes;
  std::vector<std::pair<std::string, std::string>> keys; // cache key, value as cached
  for (const auto& w : wanted) {
    std::pair<std::string, std::string> key;
    switch (w.kind) {
    case cluster::Write::Kind::node_attribute:
      key = {attr_key(w.node, w.name, w.lifetime), w.value};
      break;
    case cluster::Write::Kind::promotion_score:
      key = {"score:" + w.node, cluster::format_score(w.score)};
      break;
    case cluster::Write::Kind::property:
      key = {"property:" + w.name, w.value};
      break;
    }
    if (auto c = cached(key.first); c && *c == key.second)
      continue;
    writes.push_back(w);
    keys.push_back(std::move(key));
  }
  if (writes.empty())
    return;
  // A repeat of the whole batch is harmless: every write sets a value.
  attempt("write " + std::to_string(writes.size()) + " values",
          [&](Deadline d) { m_cluster.set_all(writes, d); });
  for (std::size_t i = 0; i < writes.size(); ++i) {
    remember(keys[i].first, keys[i].second);
    const auto& w = writes[i];
    switch (w.kind) {
    case cluster::Write::Kind::node_attribute:
      log::info("attribute \"{}\" of \"{}\" ({}) set to \"{}\"", w.name, w.node,
                lifetime_name(w.lifetime), w.value);
      break;
    case cluster::Write::Kind::promotion_score:
      log::info("promotion score of \"{}\" set to {}", w.node, keys[i].second);
      break;
    case cluster::Write::Kind::property:
      log::info("cluster property \"{}\" set to \"{}\"", w.name, w.value);
      break;
    }
  }
}

std::optional<std::string> ClusterWriter::attribute(const std::string& node,
                                                    const std::string& name,
                                                    cluster::Lifetime lifetime) {
  auto key = attr_key(node, name, lifetime);
  if (auto c = cached(key))
    return *c;
  auto v = attempt("read attribute " + name, [&](Deadline d) {
    return m_cluster.get_node_attribute(node, name, lifetime, d);
  });
  remember(key, v);
  return v;
}

std::optional<int> ClusterWriter::score(const std::string& node) {
  auto key = "score:" + node;
  if (auto c = cached(key))
    return *c ? cluster::parse_score(**c) : std::nullopt;
  auto v = attempt("read promotion score",
                   [&](Deadline d) { return m_cluster.get_promotion_score(m_resource, node, d); });
  remember(key, v ? std::optional<std::string>(cluster::format_score(*v)) : std::nullopt);
  return v;
}

std::optional<std::string> ClusterWriter::property(const std::string& name, bool fresh) {
  auto key = "property:" + name;
  if (auto c = cached(key); c && !fresh)
    return *c;
  auto v =
      attempt("read property " + name, [&](Deadline d) { return m_cluster.get_property(name, d); });
  remember(key, v);
  return v;
}

void ClusterWriter::note_property(const std::string& name,
                                  const std::optional<std::string>& value) {
  remember("property:" + name, value);
}

void ClusterWriter::forget_all() {
  m_cache.erase_prefix("attr:");
  m_cache.erase_prefix("score:");
  m_cache.erase_prefix("property:");
}

} // namespace pgha::agent
