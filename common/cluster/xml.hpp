#pragma once
// Thin wrapper over pugixml for parsing tool output (internal to common/cluster).

#include <pugixml.hpp>

#include <string>

namespace pgha::cluster::xml {

// Parse `text`; throws ClusterError naming `source` (the tool) when it is not well-formed XML.
pugi::xml_document load(const std::string& text, const char* source);

} // namespace pgha::cluster::xml
