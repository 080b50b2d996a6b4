#pragma once
// The one error taxonomy of pgha. Each binary maps these to its exit codes in one place:
// the agent to OCF codes, the cls_* tools and distlock to their documented exit codes.
// Expected outcomes (lock not acquired, standby not streaming) are values, not exceptions.

#include <stdexcept>
#include <string>

namespace pgha {

// Base of every pgha exception; never thrown directly.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;

 protected:
  Error(const Error&) = default;
  Error& operator=(const Error&) = default;
  ~Error() override = default;
};

// A bad parameter, argument or configuration value; `key` names it when known.
class ConfigError final : public Error {
 public:
  explicit ConfigError(const std::string& message, std::string key = {})
      : Error(message), m_key(std::move(key)) {}
  const std::string& key() const { return m_key; }

 private:
  std::string m_key;
};

// A required program or file is missing or of the wrong version.
class InstallError final : public Error {
 public:
  using Error::Error;
};

// A PostgreSQL server (database or lock service) could not be reached in time.
class PgUnreachable final : public Error {
 public:
  using Error::Error;
};

// A statement failed; carries the SQLSTATE and the name of the operation, never the values.
class PgQueryError final : public Error {
 public:
  PgQueryError(const std::string& message, std::string sqlstate)
      : Error(message), m_sqlstate(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return m_sqlstate; }

 private:
  std::string m_sqlstate;
};

// A Pacemaker tool failed or printed something that could not be parsed.
class ClusterError final : public Error {
 public:
  using Error::Error;
};

// A program could not be started, or (from run_checked) exited non-zero or timed out.
class ProcessError final : public Error {
 public:
  using Error::Error;
};

// A precondition of the operation is false (e.g. "no promoted instance").
class StateError final : public Error {
 public:
  using Error::Error;
};

} // namespace pgha
