#pragma once
// The PostgreSQL majors pgha supports, settled here and nowhere else, and what differs between
// them. The seams (Ctl, the agent's shell, the cls tools) read the version once per call —
// server_version_num from a running server (libpq knows it after the connection), PG_VERSION
// from a data directory — and branch on it only through these functions; the pure core gets
// facts (an end-of-WAL position, a list of slots), never a version number.

#include "common/model/lsn.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace pgha::pg {

// The community-supported majors in December 2026.
inline constexpr int k_oldest_major = 14;
inline constexpr int k_newest_major = 18;

// 150004 → 15 (server_version_num / PQserverVersion).
int major_of_version_num(int version_num);

// The major in `pgdata`/PG_VERSION ("15" → 15), nullopt when absent or unreadable.
std::optional<int> data_directory_major(const std::filesystem::path& pgdata);

// "" when `major` is supported, else why not (for an exit reason; rc 5, the software installed
// on this node is what has to change).
std::string unsupported_major_reason(int major, const std::string& where);

// pg_rewind --config-file exists from 15 on (14's pg_rewind rejects it).
bool rewind_has_config_file(int major);

// The end of the valid WAL from pg_waldump's stderr (run with LC_ALL=C, without -e, so it reads
// until the first record it cannot decode). The message that ends the dump is worded per major
// (see tests/fixtures/pg/waldump/): 14 prefixes "fatal:", 15+ "error:"; 16 changed
// "wanted N" to "expected at least N" and added "LSN X/Y" to the page-header messages, which
// before named only the segment file and offset (converted with `wal_segment_size`). Throws
// StateError quoting the text when it holds none of the endings known for `major`, so a
// changed wording fails the divergence check loudly instead of guessing.
model::Lsn parse_waldump_end(const std::string& text, int major, std::uint64_t wal_segment_size);

} // namespace pgha::pg
