#include "agent/actions/lease.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/model/lease_schedule.hpp"

#include <algorithm>
#include <chrono>

namespace pgha::agent {

namespace {

constexpr const char* k_deadline_key = "lease:deadline_ms";
constexpr const char* k_term_key = "lease:term";

// A request the lock service did not answer: never a lease (the caller's decision is the one
// of an unreachable service), with the precise cause for the exit reason. Why ConfigError too:
// a missing password is this node's problem and must not fail the action with 6.
LeaseResult failed(const Error& e) {
  std::string what = e.what();
  std::string first = what.substr(0, what.find('\n'));
  const auto* query = dynamic_cast<const PgQueryError*>(&e);
  auto failure =
      core::classify_lock_failure(query != nullptr, query ? query->sqlstate() : "", first);
  LeaseResult r;
  r.attempt = core::LockAttempt::unreachable;
  r.detail = first;
  r.failure = failure;
  return r;
}

long long steady_ms(Deadline::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::optional<core::LeaderFacts> facts_of(const std::optional<distlock::LeaderRecord>& r) {
  if (!r)
    return std::nullopt;
  core::LeaderFacts f;
  f.owner = r->owner;
  f.term = static_cast<std::uint64_t>(std::max<std::int64_t>(0, r->term));
  if (r->timeline && *r->timeline > 0)
    f.timeline = static_cast<model::TimelineId>(*r->timeline);
  f.sync_standby = r->sync_standby;
  if (!r->sync_lsn.empty())
    f.sync_lsn = model::Lsn::parse_any(r->sync_lsn);
  f.note = r->note;
  return f;
}

distlock::LeaderRecord record_of(const core::LeaderFacts& f) {
  distlock::LeaderRecord r;
  r.owner = f.owner;
  r.term = static_cast<std::int64_t>(f.term);
  if (f.timeline)
    r.timeline = static_cast<std::int64_t>(*f.timeline);
  r.sync_standby = f.sync_standby;
  if (f.sync_lsn)
    r.sync_lsn = f.sync_lsn->to_string();
  r.note = f.note;
  return r;
}

} // namespace

Lease::Lease(ActionContext& ctx, StateFile& state) : m_ctx(ctx), m_state(state) {}

distlock::LeaseRequest Lease::request() const {
  distlock::LeaseRequest r;
  r.lock = distlock::parse_lock_id(m_ctx.params.distlock_lockname);
  r.owner = core::lock_owner(m_ctx.resource(), m_ctx.node);
  r.ttl = std::chrono::seconds(m_ctx.params.distlock_ttl);
  r.safety_margin = model::lease_margin(std::chrono::seconds(m_ctx.params.distlock_ttl));
  return r;
}

template <class Call>
LeaseResult Lease::guarded(Call&& call) {
  try {
    return call();
  } catch (const Error& e) {
    return failed(e);
  }
}

LeaseResult Lease::from(const distlock::AcquireResult& result) {
  LeaseResult out;
  out.leader = facts_of(result.lease.leader);
  if (result.acquired) {
    out.attempt = core::LockAttempt::acquired;
    out.term = static_cast<std::uint64_t>(result.lease.term);
    if (result.local_deadline)
      m_state.set(k_deadline_key, std::to_string(steady_ms(result.local_deadline->at())));
    m_state.set(k_term_key, std::to_string(result.lease.term));
    out.detail = "term " + std::to_string(result.lease.term);
  } else {
    out.attempt = core::LockAttempt::held_by_other;
    out.detail = result.lease.holder.empty()
                     ? "the row is free (term " + std::to_string(result.lease.term) + ")"
                     : "held by \"" + result.lease.holder + "\" at term " +
                           std::to_string(result.lease.term) + " for " +
                           std::to_string(result.lease.server_remaining.count()) + " ms";
  }
  return out;
}

LeaseResult Lease::acquire(Deadline wait_until) {
  auto& service = m_ctx.world.lock_service();
  return guarded([&] { return from(service.acquire(request(), wait_until)); });
}

LeaseResult Lease::take_over_as_standby() {
  auto& service = m_ctx.world.lock_service();
  auto deadline =
      m_ctx.deadline.capped(model::renew_bound(std::chrono::seconds(m_ctx.params.distlock_ttl)));
  return guarded(
      [&] { return from(service.take_over_as_standby(request(), m_ctx.node, deadline)); });
}

LeaseResult Lease::renew() {
  auto& service = m_ctx.world.lock_service();
  auto deadline =
      m_ctx.deadline.capped(model::renew_bound(std::chrono::seconds(m_ctx.params.distlock_ttl)));
  return guarded([&] {
    auto req = request();
    auto stored = stored_term();
    req.term = stored ? static_cast<std::int64_t>(*stored) : 0;
    auto r = service.renew(req, deadline);
    // Why only without a stored term, and only on a record of its own: a primary that lost
    // its state file may take the free row back, but a new term must never let a primary
    // outlive a takeover it did not see (the term fences), nor adopt another leader's record.
    if (!r.acquired && !stored && !r.lease.held() &&
        (!r.lease.leader || r.lease.leader->owner.empty() || r.lease.leader->owner == req.owner))
      r = service.try_acquire(req, deadline);
    return from(r);
  });
}

LeaseResult Lease::record(const core::LeaderFacts& record) {
  auto stored = stored_term();
  if (!stored)
    return {core::LockAttempt::held_by_other, std::nullopt, "no term stored for this node",
            std::nullopt};
  // Why: the record is written right before synchronous replication is dropped or renamed; a
  // lease already lapsed here may be a rival's on the server.
  if (!locally_valid())
    return {core::LockAttempt::held_by_other, std::nullopt, "the local lease deadline passed",
            std::nullopt};
  auto& service = m_ctx.world.lock_service();
  auto deadline =
      m_ctx.deadline.capped(model::renew_bound(std::chrono::seconds(m_ctx.params.distlock_ttl)));
  return guarded([&] {
    auto req = request();
    req.term = static_cast<std::int64_t>(*stored);
    return from(service.record(req, record_of(record), deadline));
  });
}

LeaseResult Lease::status() {
  auto& service = m_ctx.world.lock_service();
  auto deadline =
      m_ctx.deadline.capped(model::renew_bound(std::chrono::seconds(m_ctx.params.distlock_ttl)));
  return guarded([&] {
    auto req = request();
    auto state = service.status(req.lock, deadline);
    LeaseResult out;
    out.attempt = core::LockAttempt::held_by_other;
    out.leader = facts_of(state.leader);
    out.detail = "holder \"" + state.holder + "\" at term " + std::to_string(state.term);
    return out;
  });
}

void Lease::release() {
  try {
    auto req = request();
    auto r = m_ctx.world.lock_service().release(req.lock, req.owner,
                                                m_ctx.deadline.capped(std::chrono::seconds(5)));
    log::info("lease \"{}\" {}", m_ctx.params.distlock_lockname,
              r.released ? "released" : "was not held by this node");
  } catch (const Error& e) {
    log::warn("cannot release lease \"{}\" (it expires by itself): {}",
              m_ctx.params.distlock_lockname, e.what());
  }
  m_state.erase(k_deadline_key);
  m_state.erase(k_term_key);
}

bool Lease::locally_valid() const {
  auto v = m_state.get(k_deadline_key);
  auto ms = v ? parse_int(*v) : std::nullopt;
  return ms && steady_ms(Deadline::Clock::now()) < *ms;
}

std::optional<std::uint64_t> Lease::stored_term() const {
  auto v = m_state.get(k_term_key);
  auto t = v ? parse_int(*v) : std::nullopt;
  if (!t || *t < 0)
    return std::nullopt;
  return static_cast<std::uint64_t>(*t);
}

} // namespace pgha::agent
