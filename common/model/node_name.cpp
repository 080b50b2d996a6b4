#include "common/model/node_name.hpp"

#include "common/base/strings.hpp"

namespace pgha::model {

bool is_valid_node_name(std::string_view name) {
  if (name.empty() || name.size() > 63) {
    return false;
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front())) {
    return false;
  }
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

std::string normalize_node_name(std::string_view name) {
  return to_lower(name);
}

std::string slot_name_for(std::string_view prefix, std::string_view node) {
  std::string slot(prefix);
  slot += '_';
  for (char c : to_lower(node)) {
    slot += (c == '.' || c == '-') ? '_' : c;
  }
  return slot;
}

} // namespace pgha::model
