#pragma once
// Pure parsers of Pacemaker tool output. All throw ClusterError on malformed input.

#include "common/cluster/view.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pgha::cluster::parse {

// `crm_mon --output-as=xml` → ClusterView.
ClusterView crm_mon_xml(const std::string& xml);

// The value printed by `crm_attribute --query --quiet` (trailing newline removed). nullopt
// for crm_attribute's "not found" output.
std::optional<std::string> attribute_query(const std::string& out);

// The node name printed by `crm_node -n`.
std::string node_name(const std::string& out);

// Value of the cluster property `name` in a `cibadmin -Q` document (first nvpair in any
// crm_config set), nullopt when absent.
std::optional<std::string> cib_property(const std::string& cib_xml, const std::string& name);

// Value of node attribute `name` of node `node` in a `cibadmin -Q` document: transient
// (status section) when `transient`, else permanent (nodes section).
std::optional<std::string> cib_node_attribute(const std::string& cib_xml, const std::string& node,
                                              const std::string& name, bool transient);

// A Pacemaker interval ("3", "3s", "3000ms", "1min", "2h", "PT3S"); nullopt when unreadable.
std::optional<std::chrono::milliseconds> interval(std::string_view text);

// The interval of the promoted-role monitor ("Promoted" or "Master") of primitive `primitive`
// in a `cibadmin -Q` document; nullopt when the primitive or that operation is absent.
std::optional<std::chrono::milliseconds> promoted_monitor_interval(const std::string& cib_xml,
                                                                   std::string_view primitive);

} // namespace pgha::cluster::parse
