#pragma once
// Poll (bounded, every 100 ms) until `condition` holds; true when it held within `budget`.

#include "common/base/deadline.hpp"

#include <chrono>
#include <thread>

namespace pgha::test {

template <typename F>
bool eventually(F condition, std::chrono::seconds budget) {
  auto d = Deadline::after(budget);
  while (!d.expired()) {
    if (condition())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

} // namespace pgha::test
