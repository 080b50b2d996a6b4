#pragma once
// The one table of config.ini keys. Parsing, validation, `cls config` output, the
// config.ini.example file and the operator guide are all derived from it (a unit test checks
// the shipped example against it), so a key cannot be documented and unknown at once.

#include <span>
#include <string_view>

namespace pgha::config {

enum class KeyType {
  text,       // any single-line value
  boolean,    // true/false, yes/no, on/off, 1/0
  integer,    // whole number in [min, max]
  choice,     // one of `choices` ("a|b")
  node_name,  // a Pacemaker node name
  node_names, // space-separated node names
  ipv4,       // dotted IPv4 address
  path,       // absolute path
  conninfo,   // libpq conninfo or "service=NAME"; never with a password
  legacy,     // pha4pgsql key accepted for compatibility and ignored
};

struct KeySpec {
  std::string_view name; // "node<N>" stands for node1, node2, ...
  KeyType type = KeyType::text;
  std::string_view default_value; // "" when the key has no default
  std::string_view choices;       // for KeyType::choice: "dual|multi"
  long long min = 0;              // for KeyType::integer
  long long max = 0;
  bool required = false;
  std::string_view agent_param; // expgsql parameter set from it by cls_setup, "" if none
  std::string_view section;     // heading in config.ini.example and the operator guide
  std::string_view description; // one or two lines for the example and the guide
  std::string_view example;     // sample value written to config.ini.example ("" = default)
};

// A key that pha4pgsql knew and pgha refuses, with the reason and what to write instead.
struct RefusedKey {
  std::string_view name;
  std::string_view reason;
  std::string_view hint;
};

// A pha4pgsql spelling that pgha reads as another key.
struct KeyAlias {
  std::string_view name;
  std::string_view target;
};

// Every key pgha reads, in documentation order.
std::span<const KeySpec> key_table();

// Keys refused with an explanation (passwords, the psql lock command).
std::span<const RefusedKey> refused_keys();

// Old spellings read as current keys.
std::span<const KeyAlias> key_aliases();

// The spec for `name` ("node7" finds "node<N>"), nullptr when unknown. Aliases are not
// resolved here.
const KeySpec* find_key(std::string_view name);

// The node number of a "node<N>" key (N >= 1), 0 for any other name.
int node_key_index(std::string_view name);

std::string_view type_name(KeyType type);

} // namespace pgha::config
