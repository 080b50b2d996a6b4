#include "agent/actions/lease.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"

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
  return {core::LockAttempt::unreachable, std::nullopt, first, failure};
}

long long steady_ms(Deadline::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

} // namespace

Lease::Lease(ActionContext& ctx, StateFile& state) : m_ctx(ctx), m_state(state) {}

distlock::LeaseRequest Lease::request() const {
  distlock::LeaseRequest r;
  r.lock = distlock::parse_lock_id(m_ctx.params.distlock_lockname);
  r.owner = core::lock_owner(m_ctx.resource(), m_ctx.node);
  r.ttl = std::chrono::seconds(m_ctx.params.distlock_ttl);
  r.safety_margin = core::lease_margin(std::chrono::seconds(m_ctx.params.distlock_ttl));
  return r;
}

LeaseResult Lease::from(const distlock::AcquireResult& result) {
  LeaseResult out;
  if (result.acquired) {
    out.attempt = core::LockAttempt::acquired;
    out.term = static_cast<std::uint64_t>(result.lease.term);
    if (result.local_deadline)
      m_state.set(k_deadline_key, std::to_string(steady_ms(result.local_deadline->at())));
    m_state.set(k_term_key, std::to_string(result.lease.term));
    out.detail = "term " + std::to_string(result.lease.term);
  } else {
    out.attempt = core::LockAttempt::held_by_other;
    out.detail = "held by \"" + result.lease.holder + "\" for " +
                 std::to_string(result.lease.server_remaining.count()) + " ms";
  }
  return out;
}

LeaseResult Lease::acquire(Deadline wait_until) {
  auto& service = m_ctx.world.lock_service();
  try {
    return from(service.acquire(request(), wait_until));
  } catch (const Error& e) {
    return failed(e);
  }
}

LeaseResult Lease::renew() {
  auto& service = m_ctx.world.lock_service();
  auto deadline = m_ctx.deadline.capped(std::chrono::seconds(m_ctx.params.distlock_ttl) / 2);
  try {
    auto req = request();
    auto r = service.renew(req, deadline);
    // Nobody holds it (never taken, released, or expired and untaken): taking it is as safe
    // as renewing, a rival that tries now serialises on the same row.
    if (!r.acquired && !r.lease.held())
      r = service.try_acquire(req, deadline);
    return from(r);
  } catch (const Error& e) {
    return failed(e);
  }
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
