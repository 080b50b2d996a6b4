#include "cls-tools/lib/context.hpp"

#include "cls-tools/lib/checks.hpp"
#include "common/base/error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::cls {

Context::Context(config::ClusterConfig config, World& world, std::FILE* out)
    : m_config(std::move(config)), m_world(world), m_out(out) {}

Deadline Context::call() const {
  return Deadline::after(m_config.command_timeout);
}

cluster::ClusterView Context::view() {
  try {
    return cluster().view(call());
  } catch (const ClusterError& e) {
    throw CommandFailure(ExitCode::no_cluster,
                         fmt::format("cluster information is unavailable: {}\nHINT: check that "
                                     "corosync and pacemaker run on this node",
                                     e.what()));
  }
}

cluster::ClusterView Context::view_with_quorum() {
  auto v = view();
  require(check_quorum(v, m_config));
  return v;
}

std::string Context::local_node() {
  try {
    return cluster().local_node_name(std::nullopt, call());
  } catch (const ClusterError& e) {
    throw CommandFailure(ExitCode::no_cluster,
                         fmt::format("could not learn this node's cluster name: {}\nHINT: check "
                                     "that pacemaker runs on this node",
                                     e.what()));
  }
}

bool Context::wait_for(std::chrono::seconds budget,
                       const std::function<bool(const cluster::ClusterView&)>& done, bool progress,
                       cluster::ClusterView* last) {
  auto& clock = m_world.clock();
  const auto end = clock.now() + budget;
  bool printed = false;
  bool ok = false;
  while (true) {
    auto poll_start = clock.now();
    try {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - poll_start);
      auto call = std::clamp(left, std::chrono::milliseconds(0),
                             std::chrono::milliseconds(m_config.command_timeout));
      auto v = cluster().view(Deadline::after(call));
      ok = done(v);
      if (last != nullptr)
        *last = std::move(v);
    } catch (const ClusterError&) {
      ok = false;
    }
    if (ok || clock.now() >= end)
      break;
    if (progress) {
      std::fputc('.', m_out);
      std::fflush(m_out);
      printed = true;
    }
    // Poll interval: one second from the start of the poll, never past the deadline.
    clock.sleep_until(std::min(poll_start + std::chrono::seconds(1), end));
  }
  if (printed)
    std::fputc('\n', m_out);
  return ok;
}

void Context::say(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), m_out);
  std::fputc('\n', m_out);
  std::fflush(m_out);
}

} // namespace pgha::cls
