// Pure analysis of a write-checker run: recovery time and windows with two primaries.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pgha::cluster_test {

// One acknowledged write, with wall-clock times in milliseconds since the epoch.
struct Ack {
  std::int64_t start_ms = 0; // when the statement was sent
  std::int64_t end_ms = 0;   // when the acknowledgement arrived
  std::string node;          // node written to ("vip" for the writer VIP)
  long timeline = 0;         // timeline of the server's WAL insert position
};

// Time from `fault_ms` to the first acknowledgement of a write sent at or after it; -1 if none.
std::int64_t recovery_ms(const std::vector<Ack>& vip_acks, std::int64_t fault_ms);

// Longest interval without an acknowledged write through the VIP.
std::int64_t longest_gap_ms(const std::vector<Ack>& vip_acks);

struct TwoPrimaryReport {
  int windows = 0;           // separate periods in which a stale primary still acknowledged
  std::int64_t total_ms = 0; // their summed length
  std::vector<std::string> examples;
};

// Writes to each node's own address establish eras: (node, timeline) owns the cluster from its
// first acknowledgement until a higher timeline is acknowledged. A write sent after a newer
// era's first acknowledgement arrived, and acknowledged by a node of an older era (or by a
// different node on the same timeline), proves two primaries accepted writes at the same time.
TwoPrimaryReport two_primaries(std::vector<Ack> node_acks);

} // namespace pgha::cluster_test
