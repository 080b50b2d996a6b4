-- pgha distlock: who held which lock, from when to when, for how long, with which term.

-- "drop … if exists" on a fresh install is not news to the operator.
set client_min_messages = warning;

select pg_advisory_xact_lock(7235468113);

-- One row per holder (release rows are not holders). held_until is the earlier of the end of
-- its last renewal and the next owner change; ended_by says which: 'released' (freed by the
-- holder), 'expired' (lapsed; a takeover can only follow a lapse) or 'holding' (still valid).
create or replace view distlock_audit as
select s.locktable, s.lockname, s.owner, s.term,
       s.ts as held_from,
       least(s.valid_until, s.next_ts) as held_until,
       least(s.valid_until, s.next_ts) - s.ts as held_for,
       (s.next_ts is null and s.valid_until > now()) as is_current,
       case
         when s.next_ts is null and s.valid_until > now() then 'holding'
         when s.next_owner = '' and s.next_ts <= coalesce(s.valid_until, s.next_ts)
           then 'released'
         else 'expired'
       end as ended_by
  from (select h.*,
               lead(h.ts) over w as next_ts,
               lead(h.owner) over w as next_owner
          from distlock_history h
        window w as (partition by h.locktable, h.lockname order by h.term, h.id)) s
 where s.owner <> '';
