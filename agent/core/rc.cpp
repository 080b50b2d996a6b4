#include "agent/core/rc.hpp"

namespace pgha::agent::core {

std::string_view rc_name(OcfRc rc) {
  switch (rc) {
  case OcfRc::success:
    return "OCF_SUCCESS";
  case OcfRc::err_generic:
    return "OCF_ERR_GENERIC";
  case OcfRc::err_args:
    return "OCF_ERR_ARGS";
  case OcfRc::err_unimplemented:
    return "OCF_ERR_UNIMPLEMENTED";
  case OcfRc::err_perm:
    return "OCF_ERR_PERM";
  case OcfRc::err_installed:
    return "OCF_ERR_INSTALLED";
  case OcfRc::err_configured:
    return "OCF_ERR_CONFIGURED";
  case OcfRc::not_running:
    return "OCF_NOT_RUNNING";
  case OcfRc::running_promoted:
    return "OCF_RUNNING_PROMOTED";
  case OcfRc::failed_promoted:
    return "OCF_FAILED_PROMOTED";
  }
  return "OCF_UNKNOWN";
}

} // namespace pgha::agent::core
