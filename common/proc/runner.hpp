#pragma once
// Running external programs: always an argv vector (never `sh -c`), always with a deadline.
// A non-zero exit or a timeout is a result, not an error; only a failure to start throws.

#include "common/base/deadline.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pgha::proc {

struct Command {
  std::vector<std::string> argv;                        // argv[0] is a path or a PATH name
  std::vector<std::pair<std::string, std::string>> env; // added to (or replacing) the environment
  std::optional<std::string> run_as;                    // user name: setgid/initgroups/setuid
  std::optional<std::string> cwd;                       // working directory of the child
  std::string stdin_data;                               // written to the child's stdin
  Deadline deadline = Deadline::after(std::chrono::seconds(30));
  bool detach = false; // leave the child running (daemons): no wait, output discarded
};

struct Result {
  int exit_code = -1;     // -1 when killed by a signal or timed out
  int signal = 0;         // terminating signal, 0 if none
  bool timed_out = false; // the deadline passed and the process group was killed
  std::string out;
  std::string err;
  std::chrono::milliseconds duration{0};
  int pid = 0;

  bool ok() const { return exit_code == 0 && !timed_out; }
};

// Seam for tests: the real implementation forks and execs; fakes replay canned results.
class Runner {
 public:
  virtual ~Runner() = default;
  // Throws ProcessError if the program could not be started.
  virtual Result run(const Command& command) = 0;
};

class PosixRunner final : public Runner {
 public:
  Result run(const Command& command) override;
};

// Runs `command` and throws ProcessError (program, status, tail of stderr) unless it exited 0.
Result run_checked(Runner& runner, const Command& command);

// One line describing a result for messages: "exit 3", "killed by signal 9", "timed out".
std::string describe(const Result& result);

} // namespace pgha::proc
