#include "tests/cluster/write_analysis.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace pgha::cluster_test {

std::int64_t recovery_ms(const std::vector<Ack>& vip_acks, std::int64_t fault_ms) {
  std::int64_t best = -1;
  for (const auto& a : vip_acks) {
    if (a.start_ms >= fault_ms && (best < 0 || a.end_ms < best))
      best = a.end_ms;
  }
  return best < 0 ? -1 : best - fault_ms;
}

std::int64_t longest_gap_ms(const std::vector<Ack>& vip_acks) {
  std::vector<std::int64_t> ends;
  ends.reserve(vip_acks.size());
  for (const auto& a : vip_acks)
    ends.push_back(a.end_ms);
  std::sort(ends.begin(), ends.end());
  std::int64_t gap = 0;
  for (std::size_t i = 1; i < ends.size(); ++i)
    gap = std::max(gap, ends[i] - ends[i - 1]);
  return gap;
}

TwoPrimaryReport two_primaries(std::vector<Ack> node_acks) {
  std::sort(node_acks.begin(), node_acks.end(),
            [](const Ack& a, const Ack& b) { return a.end_ms < b.end_ms; });
  TwoPrimaryReport rep;
  // Era = (timeline, node) with the time its first acknowledgement arrived.
  long era_tli = -1;
  std::string era_node;
  std::int64_t era_since = 0;
  std::int64_t window_start = -1, window_end = -1;
  auto close_window = [&] {
    if (window_start >= 0) {
      ++rep.windows;
      rep.total_ms += std::max<std::int64_t>(0, window_end - window_start);
      window_start = window_end = -1;
    }
  };
  for (const auto& a : node_acks) {
    if (a.timeline > era_tli) {
      close_window();
      era_tli = a.timeline;
      era_node = a.node;
      era_since = a.end_ms;
      continue;
    }
    bool stale = a.timeline < era_tli || a.node != era_node;
    // Sent before the newer era was visible: the old primary may legitimately finish it.
    if (!stale || a.start_ms < era_since)
      continue;
    if (window_start < 0)
      window_start = era_since;
    window_end = a.end_ms;
    if (rep.examples.size() < 5) {
      rep.examples.push_back(a.node + " acknowledged on timeline " + std::to_string(a.timeline) +
                             " at " + std::to_string(a.end_ms) + " after " + era_node +
                             " on timeline " + std::to_string(era_tli) + " since " +
                             std::to_string(era_since));
    }
  }
  close_window();
  return rep;
}

} // namespace pgha::cluster_test
