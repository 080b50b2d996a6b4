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
