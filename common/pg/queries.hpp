#pragma once
// Every SQL text the PostgreSQL seam sends (values only as $n parameters). PostgreSQL 14–18 (the
// version tier, label pgmajor, runs them against each).

namespace pgha::pg::sql {

inline constexpr const char* k_probe = "SELECT 1";
inline constexpr const char* k_is_in_recovery = "SELECT pg_is_in_recovery()";
// pg_stat_replication's own functions: the view also joins pg_authid, and expanding it in a
// fresh backend (every monitor's) cost 2.1 ms against 0.9 ms for this form (PostgreSQL 15).
inline constexpr const char* k_replication_status =
    "SELECT s.pid, a.application_name, s.state, s.sync_state, host(a.client_addr), s.sent_lsn, "
    "s.write_lsn, s.flush_lsn, s.replay_lsn "
    "FROM pg_stat_get_wal_senders() s, LATERAL pg_stat_get_activity(s.pid) a "
    "ORDER BY a.application_name, s.pid";
inline constexpr const char* k_wal_receiver =
    "SELECT pid, status, received_tli, flushed_lsn, sender_host, sender_port, slot_name "
    "FROM pg_stat_wal_receiver";
inline constexpr const char* k_receive_lsn = "SELECT pg_last_wal_receive_lsn()";
inline constexpr const char* k_replay_lsn = "SELECT pg_last_wal_replay_lsn()";
inline constexpr const char* k_current_lsn = "SELECT pg_current_wal_lsn()";
// One statement for either role: in recovery, the checkpoint's and the WAL receiver's timeline;
// on a primary, the first 8 hex digits of the current WAL file name (the checkpoint's timeline
// lags behind a promotion until the first checkpoint).
inline constexpr const char* k_timeline =
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN substr(pg_walfile_name(pg_current_wal_lsn()), "
    "1, 8) "
    "END, "
    "CASE WHEN pg_is_in_recovery() THEN (SELECT timeline_id FROM pg_control_checkpoint()) END, "
    "CASE WHEN pg_is_in_recovery() THEN (SELECT received_tli FROM pg_stat_wal_receiver) END";
// current_setting, not pg_settings: the view builds every setting's row (1.6 ms against 0.2).
inline constexpr const char* k_sync_names = "SELECT current_setting('synchronous_standby_names')";
inline constexpr const char* k_reload = "SELECT pg_reload_conf()";
inline constexpr const char* k_checkpoint = "CHECKPOINT";
inline constexpr const char* k_slot_exists =
    "SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1";
inline constexpr const char* k_create_slot =
    "SELECT slot_name FROM pg_create_physical_replication_slot($1, true)";
inline constexpr const char* k_drop_slot = "SELECT pg_drop_replication_slot($1)";
inline constexpr const char* k_slots =
    "SELECT slot_name, slot_type, active, restart_lsn, wal_status FROM pg_replication_slots "
    "ORDER BY slot_name";
// ALTER SYSTEM takes no parameters: the value is a literal built from a validated standby name
// and quoted by libpq (Session::quote_literal).
inline constexpr const char* k_alter_sync_names = "ALTER SYSTEM SET synchronous_standby_names = ";

} // namespace pgha::pg::sql
