#include "distlock/src/statements.hpp"

#include <fmt/format.h>

namespace pgha::distlock::detail {
namespace {

// The columns every lock statement returns after ok (see statements.hpp).
constexpr const char* k_row_columns =
    "owner, term, ts, expired_time, leader_owner, leader_term, leader_timeline, sync_standby, "
    "sync_lsn, leader_note, recorded_at";

// The select list decoding a row `c` of k_row_columns.
constexpr const char* k_select_row =
    "c.owner, c.term,\n"
    "       (extract(epoch from c.ts) * 1000000)::bigint,\n"
    "       (extract(epoch from c.ts + c.expired_time) * 1000000)::bigint,\n"
    "       (extract(epoch from now()) * 1000000)::bigint,\n"
    "       c.leader_owner, c.leader_term, c.leader_timeline, c.sync_standby, c.sync_lsn,\n"
    "       c.leader_note, (extract(epoch from c.recorded_at) * 1000000)::bigint";

// Wrap a data-modifying CTE `up` (RETURNING the row) so the statement always returns one
// row: ours when `up` changed it, else the row as it stood, else NULLs and now().
std::string wrap(const std::string& table, const std::string& up) {
  return fmt::format("with up as ({1}),\n"
                     " cur as (select true as ok, {2} from up\n"
                     "         union all\n"
                     "         select false, {2} from {0} d\n"
                     "          where d.lockname = $1 and not exists (select 1 from up))\n"
                     "select coalesce(c.ok, false), {3}\n"
                     "  from (select 1) one left join cur c on true",
                     table, up, k_row_columns, k_select_row);
}

std::string returning() {
  return fmt::format("  returning {}", k_row_columns);
}

} // namespace

std::string try_acquire_sql(const std::string& table) {
  // Free (owner ''), expired by the server's clock, or already ours: take or renew it. A
  // missing row is created. Concurrent callers serialise on the row lock; a loser re-checks
  // the condition against the winner's row and changes nothing.
  // Why greatest(): now() is the start of our transaction, which may precede a release we
  // waited for; the new lease must not start before the previous one ended.
  return wrap(table,
              fmt::format("insert into {} as d (lockname, owner, ts, expired_time)\n"
                          "  values ($1, $2, now(), $3::bigint * interval '1 millisecond')\n"
                          "  on conflict (lockname) do update\n"
                          "    set owner = excluded.owner, ts = greatest(excluded.ts, d.ts),\n"
                          "        expired_time = excluded.expired_time\n"
                          "    where d.owner = excluded.owner or d.owner = ''\n"
                          "       or now() > d.ts + d.expired_time\n"
                          "{}",
                          table, returning()));
}

std::string renew_sql(const std::string& table) {
  // $4: the term the caller holds, or 0 for any term of this owner.
  return wrap(table, fmt::format("update {} d set ts = now(),\n"
                                 "    expired_time = $3::bigint * interval '1 millisecond'\n"
                                 "  where d.lockname = $1 and d.owner = $2\n"
                                 "    and ($4::bigint = 0 or d.term = $4::bigint)\n"
                                 "{}",
                                 table, returning()));
}

std::string record_sql(const std::string& table) {
  // A renewal that also writes the leadership record: only by the owner, at its term.
  // $5 timeline ('' = unknown), $6 sync standby ('' = alone), $7 LSN, $8 note.
  return wrap(table,
              fmt::format("update {} d set ts = now(),\n"
                          "    expired_time = $3::bigint * interval '1 millisecond',\n"
                          "    leader_owner = d.owner, leader_term = d.term,\n"
                          "    leader_timeline = nullif($5, '')::bigint, sync_standby = $6,\n"
                          "    sync_lsn = $7, leader_note = $8, recorded_at = now()\n"
                          "  where d.lockname = $1 and d.owner = $2 and d.term = $4::bigint\n"
                          "{}",
                          table, returning()));
}

std::string takeover_sql(const std::string& table) {
  // The recorded synchronous standby ($4) takes the row from the leader that recorded it, even
  // before that leader's lease ends: only while the row's record is the holder's own, at its
  // term, naming $4. The owner change moves the term, so the old holder's next write fails.
  return wrap(table, fmt::format("update {} d set owner = $2, ts = now(),\n"
                                 "    expired_time = $3::bigint * interval '1 millisecond'\n"
                                 "  where d.lockname = $1 and d.owner <> $2 and d.owner <> ''\n"
                                 "    and d.sync_standby = $4 and d.leader_owner = d.owner\n"
                                 "    and d.leader_term = d.term\n"
                                 "{}",
                                 table, returning()));
}

std::string override_sql(const std::string& table) {
  // The operator's override: name `$2` the leader (no timeline, no standby), whoever holds the
  // lock; the row is created (free) when missing. $3 note.
  return wrap(table,
              fmt::format("insert into {} as d (lockname, owner, ts, expired_time, leader_owner,\n"
                          "    leader_term, leader_note, recorded_at)\n"
                          "  values ($1, '', now(), interval '-1 second', $2, 0, $3, now())\n"
                          "  on conflict (lockname) do update\n"
                          "    set leader_owner = excluded.leader_owner, leader_term = d.term,\n"
                          "        leader_timeline = null, sync_standby = null, sync_lsn = null,\n"
                          "        leader_note = excluded.leader_note, recorded_at = now()\n"
                          "{}",
                          table, returning()));
}

std::string release_sql(const std::string& table) {
  // The seed's free row: owner '' and an already expired lease.
  return wrap(table, fmt::format("update {} d set owner = '', ts = now(),\n"
                                 "    expired_time = interval '-1 second'\n"
                                 "  where d.lockname = $1 and d.owner = $2\n"
                                 "{}",
                                 table, returning()));
}

std::string status_sql(const std::string& table) {
  return fmt::format("select false, {}\n"
                     "  from (select 1) one left join {} c on c.lockname = $1",
                     k_select_row, table);
}

std::string history_sql() {
  return "select locktable, lockname, owner, term,\n"
         "       (extract(epoch from held_from) * 1000000)::bigint,\n"
         "       (extract(epoch from held_until) * 1000000)::bigint, is_current\n"
         "  from distlock_audit\n"
         " where ($1 = '' or locktable = $1) and ($2 = '' or lockname = $2)\n"
         " order by held_from, term";
}

std::string leader_history_sql() {
  return "select locktable, lockname, holder, term, coalesce(leader_owner, ''),\n"
         "       coalesce(leader_term, 0), coalesce(leader_timeline, 0),\n"
         "       sync_standby is null, coalesce(sync_standby, ''), coalesce(sync_lsn, ''),\n"
         "       coalesce(leader_note, ''), (extract(epoch from recorded_at) * 1000000)::bigint\n"
         "  from distlock_leader_history\n"
         " where ($1 = '' or locktable = $1) and ($2 = '' or lockname = $2)\n"
         " order by id";
}

} // namespace pgha::distlock::detail
