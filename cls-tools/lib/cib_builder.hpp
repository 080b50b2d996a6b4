#pragma once
// The Pacemaker configuration cls_setup loads, built from config.ini as CIB XML (no pcs):
// a promotable clone of ocf:pgha:expgsql, the writer and reader IPaddr2 VIPs, their
// colocation/order/location constraints, cluster properties and resource defaults.
// Pure: text in, text out.

#include "common/config/cluster_config.hpp"

#include <optional>
#include <string>

namespace pgha::cls {

struct SetupOptions {
  std::optional<std::string> force_master; // cls_setup master: REPL_INFO = that node
};

// A complete, empty CIB document (what `cibadmin --empty` gives) for --dry-run without a
// cluster.
std::string empty_cib();

// `current_cib` (a complete <cib> document) with pgha's part of the configuration replaced:
// our resources and constraints (found by id) are rewritten, our properties and resource
// defaults set, everything else (nodes, node attributes, other resources, status, REPL_INFO
// unless forced, cluster-owned properties) kept. Throws ConfigError when `current_cib` is not
// a CIB document.
std::string build_cib(const std::string& current_cib, const config::ClusterConfig& config,
                      const SetupOptions& options);

} // namespace pgha::cls
