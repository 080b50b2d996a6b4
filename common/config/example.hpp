#pragma once
// Documents derived from the key table: the shipped config.ini.example and the key reference
// of the operator guide. A unit test compares the shipped example with render_example().

#include <string>

namespace pgha::config {

// The text of config.ini.example: every key with its description, set to a sample value or
// commented out at its default; ignored and refused pha4pgsql keys listed at the end.
std::string render_example();

// A Markdown table of every key (name, type, default, description) for the operator guide.
std::string render_key_reference();

} // namespace pgha::config
