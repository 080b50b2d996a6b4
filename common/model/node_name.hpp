#pragma once
// Pacemaker node names as pgha uses them: lower-cased (pha4pgsql lower-cases every node name
// it handles and the standbys' application_name is the lower-cased node name).

#include <string>
#include <string_view>

namespace pgha::model {

// True for 1–63 characters of [a-z0-9._-], starting with a letter or digit. Upper-case
// letters are not accepted: normalise with normalize_node_name first. Everything that ends
// up in SQL parameters, attribute names, application_name or slot names passes this check.
bool is_valid_node_name(std::string_view name);

// Lower-case a node name (no validation).
std::string normalize_node_name(std::string_view name);

// The physical replication slot name for a node: prefix + "_" + node with '.' and '-'
// replaced by '_' (pha4pgsql's rule).
std::string slot_name_for(std::string_view prefix, std::string_view node);

} // namespace pgha::model
