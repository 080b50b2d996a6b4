#pragma once
// libpq connection strings (key=value conninfo or postgresql:// URI) without connecting:
// parsing, the one password check, quoting of values and redaction for messages.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgha::pq {

// Keyword/value pairs in the order libpq lists its keywords; only the keywords set.
using Keywords = std::vector<std::pair<std::string, std::string>>;

// What libpq makes of a conninfo: the keywords it sets, or why it refuses it.
struct ParsedConninfo {
  Keywords keywords;
  std::string defect; // "" when libpq parsed it; else libpq's complaint on one line
};

// Parses `conninfo` as libpq would (PQconninfoParse: keywords known, quoting balanced); ""
// parses to no keywords. Defaults and the environment are not applied.
ParsedConninfo parse_conninfo(const std::string& conninfo);

// "" when libpq parses `conninfo`, else its complaint on one line.
std::string conninfo_defect(const std::string& conninfo);

// The password check of pgha: true when `conninfo` sets libpq's password keyword, through
// password=, a URI's user:password@ or ?password=, even to an empty value. Throws ConfigError
// (field "conninfo") when libpq cannot parse it: an unparsed string cannot be shown free of
// a password.
bool conninfo_has_password(const std::string& conninfo);

// Throws ConfigError (field `what`) when `conninfo` does not parse or carries a password.
// Why: a password in a conninfo ends up in the CIB, a command line, a file another account
// reads, or a log; passwords belong in a passfile or a service file.
void refuse_password(std::string_view what, const std::string& conninfo);

// `value` as one conninfo value: unchanged when it is non-empty and has no blank, quote or
// backslash, else in single quotes with ' and \ escaped.
std::string quote_conninfo_value(std::string_view value);

// `text` (a conninfo, or a message that may quote one) with the value of every password=
// keyword and the password of every URI user:password@ replaced by "*****", for logs.
std::string redact_conninfo(std::string_view text);

} // namespace pgha::pq
