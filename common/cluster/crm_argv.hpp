#pragma once
// Pure argv builders for Pacemaker's tools: every Pacemaker flag spelling used by pgha lives in
// crm_argv.cpp. argv[0] is the tool's bare name; CrmCluster prefixes the sbin directory.
// Names and values are passed as separate argv elements (or `--opt=value` when a leading '-'
// could be re-parsed as an option: Pacemaker 2.1.5 reads `-v -INFINITY` as `-I -N FINITY`).

#include "common/cluster/cluster.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgha::cluster::argv {

using Argv = std::vector<std::string>;

// crm_attribute on a node attribute: query prints only the value (exit 105/6 when absent).
Argv node_attribute_query(const std::string& node, const std::string& name, Lifetime lifetime);
Argv node_attribute_set(const std::string& node, const std::string& name, const std::string& value,
                        Lifetime lifetime);
Argv node_attribute_delete(const std::string& node, const std::string& name, Lifetime lifetime);

// crm_attribute --promotion=RSC (attribute master-RSC, lifetime reboot).
Argv promotion_query(const std::string& resource, const std::string& node);
Argv promotion_set(const std::string& resource, const std::string& node, int score);
Argv promotion_delete(const std::string& resource, const std::string& node);

// crm_attribute --type crm_config.
Argv property_query(const std::string& name);
Argv property_set(const std::string& name, const std::string& value);
Argv property_delete(const std::string& name);

// crm_node -n.
Argv local_node_name();
// crm_mon one-shot XML with everything the view needs.
Argv crm_mon_xml();
// cibadmin -Q.
Argv cib_query();
// cibadmin --replace --xml-pipe (the document on stdin).
Argv cib_replace();
// cibadmin --create -o SECTION --xml-pipe.
Argv cib_create(const std::string& section);
// crm_verify --xml-pipe (the document on stdin), verbose.
Argv verify();

// crm_resource.
Argv resource_cleanup(const std::string& resource, const std::optional<std::string>& node);
Argv resource_move(const std::string& resource, const std::string& node, bool promoted);
Argv resource_ban(const std::string& resource, const std::string& node, bool promoted);
Argv resource_clear(const std::string& resource, const std::optional<std::string>& node);
Argv resource_set_managed(const std::string& resource, bool managed);
// crm_resource --resource=R --meta --set-parameter=target-role --parameter-value=ROLE; ROLE one
// of Stopped, Started, Unpromoted, Promoted (ClusterError otherwise, like a bad name).
Argv resource_set_target_role(const std::string& resource, const std::string& role);
// crm_attribute on the node attribute "standby" (permanent).
Argv node_standby(const std::string& node, bool standby);
// crm_attribute on the cluster property maintenance-mode.
Argv maintenance_mode(bool on);

// Throws ClusterError unless `name` is usable as a node, resource or attribute name
// (non-empty, no leading '-', printable, no whitespace or quotes).
void check_name(const std::string& what, const std::string& name);

} // namespace pgha::cluster::argv
