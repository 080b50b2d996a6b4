-- pgha distlock: history of owner changes, one row per change with its term. Renewals only
-- move valid_until of the current holder's row, so the history knows when a lease ended.

-- "drop … if exists" on a fresh install is not news to the operator.
set client_min_messages = warning;

select pg_advisory_xact_lock(7235468113);

create table if not exists distlock_history (
  id serial primary key,
  lockname text not null,
  owner text not null,
  ts timestamptz not null,
  expired_time interval not null
);
alter table distlock_history add column if not exists term bigint not null default 0;
-- The lock table the change happened in (tables named in "table:lockname" share this history).
alter table distlock_history add column if not exists locktable text not null default 'distlock';
-- End of the last renewal of this holder (ts + expired_time of its last renewal).
alter table distlock_history add column if not exists valid_until timestamptz;
create index if not exists distlock_history_lock_term
  on distlock_history (locktable, lockname, term);

-- Same name as pha4pgsql's function and trigger, so an upgrade replaces them.
create or replace function distlock_log_update() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.owner is distinct from old.owner then
    insert into distlock_history
      (locktable, lockname, owner, ts, expired_time, term, valid_until)
    values
      (tg_table_name, new.lockname, new.owner, new.ts, new.expired_time, new.term,
       new.ts + new.expired_time);
  elsif new.ts is distinct from old.ts or new.expired_time is distinct from old.expired_time then
    update distlock_history h set valid_until = new.ts + new.expired_time
     where h.locktable = tg_table_name and h.lockname = new.lockname and h.term = new.term;
  end if;
  return null;
end
$$;

drop trigger if exists distlock_log_update on distlock;
create trigger distlock_log_update after insert or update on distlock
  for each row execute function distlock_log_update();

-- Every change of the leadership record, with the lock owner and term it was written under.
create table if not exists distlock_leader_history (
  id serial primary key,
  locktable text not null,
  lockname text not null,
  holder text not null,
  term bigint not null,
  leader_owner text,
  leader_term bigint,
  leader_timeline bigint,
  sync_standby text,
  sync_lsn text,
  leader_note text,
  recorded_at timestamptz not null
);
create index if not exists distlock_leader_history_lock
  on distlock_leader_history (locktable, lockname, id);

create or replace function distlock_log_leader() returns trigger
language plpgsql as $$
begin
  if (new.leader_owner, new.leader_term, new.leader_timeline, new.sync_standby, new.sync_lsn,
      new.leader_note) is distinct from
     (old.leader_owner, old.leader_term, old.leader_timeline, old.sync_standby, old.sync_lsn,
      old.leader_note) then
    insert into distlock_leader_history
      (locktable, lockname, holder, term, leader_owner, leader_term, leader_timeline,
       sync_standby, sync_lsn, leader_note, recorded_at)
    values
      (tg_table_name, new.lockname, new.owner, new.term, new.leader_owner, new.leader_term,
       new.leader_timeline, new.sync_standby, new.sync_lsn, new.leader_note,
       coalesce(new.recorded_at, now()));
  end if;
  return null;
end
$$;

drop trigger if exists distlock_log_leader on distlock;
create trigger distlock_log_leader after update on distlock
  for each row execute function distlock_log_leader();

-- Delete history older than `keep`, always keeping the latest change of every lock.
create or replace function distlock_history_prune(keep interval) returns bigint
language sql as $$
  with gone as (
    delete from distlock_history h
     where h.ts < now() - keep
       and exists (select 1 from distlock_history n
                    where n.locktable = h.locktable and n.lockname = h.lockname
                      and n.id > h.id)
    returning 1)
  select count(*) from gone
$$;
