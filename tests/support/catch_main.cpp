#define CATCH_CONFIG_MAIN
#include "tests/support/failure_flag.hpp"

#include <catch2/catch.hpp>

namespace pgha::test {

namespace {
bool s_failed = false;
}

bool current_test_failed() {
  return s_failed;
}

// Records failed assertions so fixtures can keep their data directory and logs.
struct FailureListener : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testCaseStarting(const Catch::TestCaseInfo&) override { s_failed = false; }
  bool assertionEnded(const Catch::AssertionStats& stats) override {
    if (!stats.assertionResult.isOk())
      s_failed = true;
    return true;
  }
};
CATCH_REGISTER_LISTENER(FailureListener)

} // namespace pgha::test
