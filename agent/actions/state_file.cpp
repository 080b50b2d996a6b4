#include "agent/actions/state_file.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/safe_file.hpp"

#include <sstream>

namespace pgha::agent {

StateFile::StateFile(std::filesystem::path path) : m_path(std::move(path)) {
  std::istringstream in(safe_file::read_nofollow(m_path).value_or(std::string()));
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab != std::string::npos)
      m_values[line.substr(0, tab)] = line.substr(tab + 1);
  }
}

std::optional<std::string> StateFile::get(const std::string& key) const {
  auto it = m_values.find(key);
  if (it == m_values.end())
    return std::nullopt;
  return it->second;
}

void StateFile::set(const std::string& key, const std::string& value) {
  auto it = m_values.find(key);
  if (it != m_values.end() && it->second == value)
    return;
  m_values[key] = value;
  m_dirty = true;
}

void StateFile::erase(const std::string& key) {
  if (m_values.erase(key) > 0)
    m_dirty = true;
}

void StateFile::erase_prefix(const std::string& prefix) {
  for (auto it = m_values.lower_bound(prefix);
       it != m_values.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
    it = m_values.erase(it);
    m_dirty = true;
  }
}

void StateFile::save() {
  if (!m_dirty)
    return;
  std::string text;
  for (const auto& [k, v] : m_values)
    text += k + '\t' + v + '\n';
  // Root writes here: the same no-follow replacement as in the data directory.
  try {
    safe_file::replace(m_path.parent_path(), m_path.filename().string(), text, 0600, std::nullopt);
  } catch (const Error& e) {
    log::warn("cannot write state file: {}", e.what());
    return;
  }
  m_dirty = false;
}

} // namespace pgha::agent
