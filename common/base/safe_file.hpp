#pragma once
// Files a root process creates or replaces inside directories another account owns (the data
// directory belongs to postgres). Why: a symlink or hard link planted at the temporary path
// would otherwise make root truncate, fill and chown a file of the attacker's choosing
// (a database superuser can plant one with COPY … TO PROGRAM).

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

namespace pgha::safe_file {

struct Owner {
  uid_t uid;
  gid_t gid;
};

// Replace `dir`/`name` atomically with `content`: a stale `name`.pgha-tmp is unlinked (the
// link itself, never its target), the temporary file is created with O_EXCL|O_NOFOLLOW
// relative to an open descriptor of `dir`, chowned through its descriptor (when `owner` is set
// and the process runs as root), fsynced and renamed over `name` (a symlink at `name` is
// replaced, not followed). Throws pgha::StateError naming the path on failure.
void replace(const std::filesystem::path& dir, const std::string& name, const std::string& content,
             mode_t mode, std::optional<Owner> owner);

// The content of `path` read without following a symlink at its last component; nullopt when
// it is absent, unreadable, or not a regular file with a single link.
std::optional<std::string> read_nofollow(const std::filesystem::path& path);

// The temporary name replace() uses for `name`.
std::string temp_name(const std::string& name);

} // namespace pgha::safe_file
