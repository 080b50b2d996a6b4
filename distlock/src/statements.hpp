#pragma once
// The SQL of each lock operation. Values are always parameters ($1 lockname, $2 owner,
// $3 ttl in milliseconds); only the validated, quoted table name is put into the text.
// Every statement returns one row: ok, owner, term, lease start, lease end and the server's
// now(), times in microseconds since the epoch; owner is NULL when the lock row is missing.

#include <string>

namespace pgha::distlock::detail {

std::string try_acquire_sql(const std::string& table);
std::string renew_sql(const std::string& table);
std::string release_sql(const std::string& table);
std::string status_sql(const std::string& table);

// $1 locktable ('' for all), $2 lockname ('' for all); rows of the audit view.
std::string history_sql();

} // namespace pgha::distlock::detail
