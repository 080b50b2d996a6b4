#pragma once
// Checks of single config.ini values by their type in the key table.

#include "common/config/key_table.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pgha::config {

struct Problem {
  std::string message; // what is wrong, naming the key
  std::string hint;    // what to write instead
};

// A Pacemaker node name: letters, digits, ".", "-", "_", starting with a letter or digit.
bool is_node_name(std::string_view s);

// Dotted-quad IPv4 address.
bool is_ipv4(std::string_view s);

// Usable as a CIB id: letter or "_" first, then letters, digits, ".", "-", "_".
bool is_xml_id(std::string_view s);

// The problem with `value` for key `key` of spec `spec`, nullopt when it is acceptable.
// An empty value is not checked here (it means "default").
std::optional<Problem> check_value(const KeySpec& spec, std::string_view key,
                                   std::string_view value);

} // namespace pgha::config
