#include "common/model/data_status.hpp"

#include <catch2/catch.hpp>

using namespace pgha::model;

TEST_CASE("data status values round-trip") {
  for (const char* v :
       {"LATEST", "DISCONNECT", "STREAMING|SYNC", "STREAMING|ASYNC", "STREAMING|POTENTIAL",
        "STREAMING|QUORUM", "CATCHUP|ASYNC", "STARTUP|ASYNC", "BACKUP|ASYNC", "STOPPING|SYNC"}) {
    SECTION(v) {
      auto d = parse_data_status(v);
      REQUIRE(d);
      CHECK(to_string(*d) == v);
      CHECK(parse_data_status(to_string(*d)) == d);
    }
  }
  for (const char* bad : {"", "streaming|sync", "STREAMING", "|SYNC", "STREAMING|", "FOO|SYNC",
                          "STREAMING|BAR", "latest", "STREAMING|SYNC|X"}) {
    SECTION(std::string("invalid ") + bad) {
      CHECK_FALSE(parse_data_status(bad));
    }
  }
  CHECK(parse_data_status(" LATEST ") == DataStatus::latest());
}

TEST_CASE("every typed replication state formats and parses back") {
  for (auto s : {SenderState::startup, SenderState::catchup, SenderState::streaming,
                 SenderState::backup, SenderState::stopping})
    for (auto y : {SyncState::async, SyncState::potential, SyncState::sync, SyncState::quorum}) {
      auto d = DataStatus::replication(s, y);
      CHECK(parse_data_status(to_string(d)) == d);
      CHECK(parse_sender_state(to_string(s)) == s);
      CHECK(parse_sync_state(to_string(y)) == y);
    }
  // pg_stat_replication reports lower case.
  CHECK(parse_sender_state("streaming") == SenderState::streaming);
  CHECK(parse_sync_state("potential") == SyncState::potential);
  CHECK_FALSE(parse_sender_state("walking"));
  CHECK_FALSE(parse_sync_state(""));
}

TEST_CASE("is_streaming needs the streaming state and the asked sync state") {
  CHECK(parse_data_status("STREAMING|SYNC")->is_streaming(SyncState::sync));
  CHECK_FALSE(parse_data_status("STREAMING|SYNC")->is_streaming(SyncState::async));
  CHECK_FALSE(parse_data_status("CATCHUP|SYNC")->is_streaming(SyncState::sync));
  CHECK(parse_data_status("STREAMING|QUORUM")->is_streaming());
  CHECK_FALSE(DataStatus::latest().is_streaming());
  CHECK_FALSE(DataStatus::disconnect().is_streaming(SyncState::async));
}
