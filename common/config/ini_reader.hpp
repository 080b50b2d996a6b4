#pragma once
// Lexing of config.ini: the subset of shell assignment syntax that pha4pgsql's sourced file
// used (`key=value`, `key="value"`, `key='value'`, `#` comments), nothing fancier. Anything
// else is refused with the line number, because a shell would have run it as a command.

#include <string>
#include <string_view>
#include <vector>

namespace pgha::config {

struct IniEntry {
  std::string key;
  std::string value; // unquoted
  int line = 0;      // 1-based
};

// Split `text` into assignments in file order. Throws ConfigError "ORIGIN:LINE: …" (with a
// HINT line where one helps) on the first malformed line. Keys are not checked here.
std::vector<IniEntry> read_ini(std::string_view text, std::string_view origin);

// The whole content of a file; throws ConfigError (with a HINT) when it cannot be read.
std::string read_text_file(const std::string& path);

// `value` written so that read_ini gives it back: bare when safe, else single-quoted.
std::string quote_value(std::string_view value);

} // namespace pgha::config
