#pragma once
// Value validators used by the parameter table (internal to expgsql_core, but public so the
// tests can exercise each one). Each returns "" when the value is acceptable, else the defect.

#include <string>
#include <string_view>

namespace pgha::agent::core::validators {

std::string absolute_path(std::string_view v);          // empty allowed
std::string absolute_path_required(std::string_view v); // must be set
std::string port(std::string_view v);                   // 1–65535
std::string non_negative(std::string_view v);
std::string positive(std::string_view v);
std::string lease_ttl(std::string_view v); // 2–3600 s
std::string node_list(std::string_view v); // blank separated valid node names
std::string node_list_optional(std::string_view v);
std::string os_user(std::string_view v);
std::string no_blank(std::string_view v);
std::string rep_mode(std::string_view v);
std::string conninfo_without_password(std::string_view v);
std::string slot_prefix(std::string_view v);
std::string lock_name(std::string_view v);
std::string single_line(std::string_view v);
std::string retry_interval(std::string_view v); // 1ms–1h as "<n>[ms|s|min]"
// Options split like a shell command line (split_words): balanced quotes, one line.
std::string option_words(std::string_view v);

} // namespace pgha::agent::core::validators
