#pragma once
// A point on the monotonic clock by which an operation must be done. Every blocking call in
// pgha takes one, so that no action can outlive the timeout Pacemaker or the operator gave.

#include <algorithm>
#include <chrono>

namespace pgha {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // A deadline `budget` from now.
  static Deadline after(std::chrono::milliseconds budget) {
    return Deadline(Clock::now() + budget);
  }
  explicit Deadline(Clock::time_point at) : m_at(at) {}

  Clock::time_point at() const { return m_at; }
  bool expired() const { return Clock::now() >= m_at; }

  // Time left, never negative.
  std::chrono::milliseconds remaining() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_at - Clock::now());
    return std::max(left, std::chrono::milliseconds(0));
  }

  // The earlier of this deadline and `budget` from now: for a sub-step that must also
  // leave time for the steps after it.
  Deadline capped(std::chrono::milliseconds budget) const {
    return Deadline(std::min(m_at, Clock::now() + budget));
  }

 private:
  Clock::time_point m_at;
};

} // namespace pgha
