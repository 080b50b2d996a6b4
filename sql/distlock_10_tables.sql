-- pgha distlock: lease table and fencing terms. Idempotent: safe to run again, and over the
-- schema of pha4pgsql's distlock_ddl.sql (columns are added, never renamed).
-- Applied in file-name order by "distlock init", each file in one transaction.

-- Serialise concurrent installs (held until the end of the transaction).
-- "drop … if exists" on a fresh install is not news to the operator.
set client_min_messages = warning;

select pg_advisory_xact_lock(7235468113);

-- One global sequence: terms keep increasing even if a lock row is deleted and re-created.
create sequence if not exists distlock_term_seq;

-- One row per lock. Free: owner = ''. Valid while the lock server's now() <= ts + expired_time.
create table if not exists distlock (
  lockname text primary key,
  owner text not null,
  ts timestamptz not null,
  expired_time interval not null
);
-- Fencing term of the current owner; set by the server on every owner change.
alter table distlock add column if not exists term bigint not null default 0;

-- The leadership record (pgha's /sync, after Patroni): written only by the holder, with its
-- term, in the statement that renews its lease, or by an operator override. It survives owner
-- changes: a new holder reads the record its predecessor left when it takes the lock over.
--   leader_owner    the lock owner that wrote the record
--   leader_term     that owner's term when it wrote it
--   leader_timeline the timeline the leader writes on (NULL: not known yet, e.g. promoting)
--   sync_standby    the node confirmed synchronous, or '' when the leader acknowledges alone
--   sync_lsn        where the standby was confirmed, or since when the leader is alone
--   leader_note     why the record changed ('promote', 'sync', 'alone', 'override: …')
alter table distlock add column if not exists leader_owner text;
alter table distlock add column if not exists leader_term bigint;
alter table distlock add column if not exists leader_timeline bigint;
alter table distlock add column if not exists sync_standby text;
alter table distlock add column if not exists sync_lsn text;
alter table distlock add column if not exists leader_note text;
alter table distlock add column if not exists recorded_at timestamptz;

-- Give every owner change a new term; a renewal keeps its term, and clients cannot set one.
create or replace function distlock_set_term() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.owner is distinct from old.owner then
    new.term := nextval('distlock_term_seq');
  else
    new.term := old.term;
  end if;
  return new;
end
$$;

drop trigger if exists distlock_set_term on distlock;
create trigger distlock_set_term before insert or update on distlock
  for each row execute function distlock_set_term();
