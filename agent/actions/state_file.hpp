#pragma once
// A small key → value file under the agent's state directory (HA_RSCTMP, a tmpfs cleared at
// boot), for what one invocation leaves to the next: the attribute values last written, the
// election observations, the lease's local deadline. Written atomically (rename).

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace pgha::agent {

class StateFile {
 public:
  // Loads `path` when it exists; a missing or unreadable file is an empty state.
  explicit StateFile(std::filesystem::path path);

  std::optional<std::string> get(const std::string& key) const;
  void set(const std::string& key, const std::string& value);
  void erase(const std::string& key);
  // Remove every key starting with `prefix`.
  void erase_prefix(const std::string& prefix);
  // Write back if anything changed. Failures are logged, not thrown: the state is a cache.
  void save();

 private:
  std::filesystem::path m_path;
  std::map<std::string, std::string> m_values;
  bool m_dirty = false;
};

} // namespace pgha::agent
