#pragma once
// Small string helpers shared by every part of pgha.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgha {

std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::string to_lower(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);

// Parse a whole decimal integer; nullopt on any trailing garbage or overflow.
std::optional<long long> parse_int(std::string_view s);

// Strict boolean as Pacemaker writes them: true/false, yes/no, on/off, 1/0 (any case).
std::optional<bool> parse_bool(std::string_view s);

// Split an option string into words the way a POSIX shell splits a simple command line, but
// without a shell: blanks separate words; '…' keeps everything literally; "…" keeps everything
// except that \ escapes ", \, $ and `; a \ outside quotes escapes the next character. No
// expansion of any kind ($, `, *, ~ are ordinary characters). nullopt for an unbalanced quote or
// a trailing backslash (the caller reports it as a configuration error).
std::optional<std::vector<std::string>> split_words(std::string_view s);

} // namespace pgha
