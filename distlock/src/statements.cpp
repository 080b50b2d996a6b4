#include "distlock/src/statements.hpp"

#include <fmt/format.h>

namespace pgha::distlock::detail {
namespace {

// Wrap a data-modifying CTE `up` (RETURNING the row) so the statement always returns one
// row: ours when `up` changed it, else the row as it stood, else NULLs and now().
std::string wrap(const std::string& table, const std::string& up) {
  return fmt::format("with up as ({1}),\n"
                     " cur as (select true as ok, owner, term, ts, expired_time from up\n"
                     "         union all\n"
                     "         select false, d.owner, d.term, d.ts, d.expired_time from {0} d\n"
                     "          where d.lockname = $1 and not exists (select 1 from up))\n"
                     "select coalesce(c.ok, false), c.owner, c.term,\n"
                     "       (extract(epoch from c.ts) * 1000000)::bigint,\n"
                     "       (extract(epoch from c.ts + c.expired_time) * 1000000)::bigint,\n"
                     "       (extract(epoch from now()) * 1000000)::bigint\n"
                     "  from (select 1) one left join cur c on true",
                     table, up);
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
                          "  returning d.owner, d.term, d.ts, d.expired_time",
                          table));
}

std::string renew_sql(const std::string& table) {
  return wrap(table, fmt::format("update {} d set ts = now(),\n"
                                 "    expired_time = $3::bigint * interval '1 millisecond'\n"
                                 "  where d.lockname = $1 and d.owner = $2\n"
                                 "  returning d.owner, d.term, d.ts, d.expired_time",
                                 table));
}

std::string release_sql(const std::string& table) {
  // The seed's free row: owner '' and an already expired lease.
  return wrap(table, fmt::format("update {} d set owner = '', ts = now(),\n"
                                 "    expired_time = interval '-1 second'\n"
                                 "  where d.lockname = $1 and d.owner = $2\n"
                                 "  returning d.owner, d.term, d.ts, d.expired_time",
                                 table));
}

std::string status_sql(const std::string& table) {
  return fmt::format("select false, d.owner, d.term,\n"
                     "       (extract(epoch from d.ts) * 1000000)::bigint,\n"
                     "       (extract(epoch from d.ts + d.expired_time) * 1000000)::bigint,\n"
                     "       (extract(epoch from now()) * 1000000)::bigint\n"
                     "  from (select 1) one left join {} d on d.lockname = $1",
                     table);
}

std::string history_sql() {
  return "select locktable, lockname, owner, term,\n"
         "       (extract(epoch from held_from) * 1000000)::bigint,\n"
         "       (extract(epoch from held_until) * 1000000)::bigint, is_current\n"
         "  from distlock_audit\n"
         " where ($1 = '' or locktable = $1) and ($2 = '' or lockname = $2)\n"
         " order by held_from, term";
}

} // namespace pgha::distlock::detail
