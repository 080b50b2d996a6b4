#pragma once
// The SQL of each lock operation. Values are always parameters ($1 lockname, $2 owner,
// $3 ttl in milliseconds); only the validated, quoted table name is put into the text.
// Every statement returns one row: ok, owner, term, lease start, lease end, the server's
// now(), then the leadership record (leader_owner, leader_term, leader_timeline, sync_standby,
// sync_lsn, leader_note, recorded_at); times in microseconds since the epoch; owner is NULL
// when the lock row is missing.

#include <string>

namespace pgha::distlock::detail {

std::string try_acquire_sql(const std::string& table);
std::string renew_sql(const std::string& table);
std::string release_sql(const std::string& table);
std::string status_sql(const std::string& table);
// $4 term (record: required; renew: 0 = any), $5..$8 the record (see statements.cpp).
std::string record_sql(const std::string& table);
// $4 the standby's node name as recorded.
std::string takeover_sql(const std::string& table);
// $1 lockname, $2 leader owner, $3 note.
std::string override_sql(const std::string& table);

// $1 locktable ('' for all), $2 lockname ('' for all); rows of the audit view.
std::string history_sql();
// $1 locktable, $2 lockname; rows of distlock_leader_history, oldest first.
std::string leader_history_sql();

} // namespace pgha::distlock::detail
