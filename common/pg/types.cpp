#include "common/pg/types.hpp"

#include "common/base/error.hpp"
#include "common/model/node_name.hpp"

#include <fmt/format.h>

namespace pgha::pg {

void check_slot_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 63;
  for (char c : name)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (!ok)
    throw ConfigError(fmt::format("invalid replication slot name \"{}\"", name),
                      "replication_slot");
}

void check_standby_name(const std::string& name) {
  if (!model::is_valid_node_name(name))
    throw ConfigError(fmt::format("invalid standby name \"{}\"", name), "standby");
}

} // namespace pgha::pg
