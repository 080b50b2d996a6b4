#include "cls-tools/lib/exit_codes.hpp"

#include "common/base/error.hpp"

namespace pgha::cls {

ExitCode exit_code_for(const std::exception& e) {
  if (auto* f = dynamic_cast<const CommandFailure*>(&e))
    return f->code();
  if (dynamic_cast<const ConfigError*>(&e))
    return ExitCode::bad_arguments;
  if (dynamic_cast<const ClusterError*>(&e))
    return ExitCode::no_cluster;
  if (dynamic_cast<const StateError*>(&e))
    return ExitCode::precondition;
  if (dynamic_cast<const ProcessError*>(&e) || dynamic_cast<const PgUnreachable*>(&e) ||
      dynamic_cast<const PgQueryError*>(&e))
    return ExitCode::failed;
  return ExitCode::error;
}

} // namespace pgha::cls
