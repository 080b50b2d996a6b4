#pragma once
// Pure editing of postgresql.auto.conf text (the `name = 'value'` format PostgreSQL's ALTER
// SYSTEM and pg_basebackup -R write).

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pgha::pg::auto_conf {

// Value of the last assignment of `name` (quotes removed, '' unescaped), nullopt if none.
std::optional<std::string> get(const std::string& content, const std::string& name);

// `content` with every assignment of each name removed and, for names with a value, one
// `name = 'value'` line appended. Comments and other lines are kept. Throws ConfigError for a
// value with a newline or NUL, or a name that is not [a-z_][a-z0-9_.]*.
std::string apply(const std::string& content,
                  const std::vector<std::pair<std::string, std::optional<std::string>>>& changes);

// 'value' with ' doubled.
std::string quote(const std::string& value);

} // namespace pgha::pg::auto_conf
