#include "common/proc/testing/fake_runner.hpp"

#include "common/base/error.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace pgha::proc::testing {

void FakeRunner::script(const std::string& program, Result result) {
  std::lock_guard lock(m_mutex);
  m_scripts[program].push_back(std::move(result));
}

void FakeRunner::script_ok(const std::string& program, const std::string& out) {
  Result r;
  r.exit_code = 0;
  r.out = out;
  script(program, std::move(r));
}

std::vector<std::string> FakeRunner::calls() const {
  std::lock_guard lock(m_mutex);
  return m_calls;
}

Result FakeRunner::run(const Command& command) {
  std::lock_guard lock(m_mutex);
  if (command.argv.empty())
    throw ProcessError("fake runner: empty argv");
  m_calls.push_back(fmt::format("{}", fmt::join(command.argv, " ")));
  std::string program = command.argv.front();
  if (auto slash = program.rfind('/'); slash != std::string::npos)
    program = program.substr(slash + 1);
  auto it = m_scripts.find(program);
  if (it == m_scripts.end() || it->second.empty())
    throw ProcessError(fmt::format("fake runner: no scripted result for \"{}\"", program));
  Result r = std::move(it->second.front());
  it->second.pop_front();
  return r;
}

} // namespace pgha::proc::testing
