#include "common/cluster/xml.hpp"

#include "common/base/error.hpp"

#include <fmt/format.h>

namespace pgha::cluster::xml {

pugi::xml_document load(const std::string& text, const char* source) {
  pugi::xml_document doc;
  auto result = doc.load_buffer(text.data(), text.size());
  if (!result)
    throw ClusterError(fmt::format("cannot parse the XML output of \"{}\": {} at offset {}", source,
                                   result.description(), result.offset));
  return doc;
}

} // namespace pgha::cluster::xml
