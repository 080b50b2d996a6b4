#pragma once
// The meta-data XML of expgsql, derived from the parameter table. Declares OCF 1.1 but stays
// within the profile that validates against resource-agents' ra-api-1.dtd and metadata.rng.

#include <string>

namespace pgha::agent::core {

// Agent version printed in <resource-agent version="…">.
inline constexpr const char* k_agent_version = "1.0";

// The complete document (with XML declaration and DOCTYPE), ending in a newline.
std::string render_metadata();

// The actions expgsql implements, one per line, for `methods`.
std::string render_methods();

} // namespace pgha::agent::core
