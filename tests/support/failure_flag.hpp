#pragma once

namespace pgha::test {

// True once an assertion of the running test case failed (or an exception escaped it).
bool current_test_failed();

} // namespace pgha::test
