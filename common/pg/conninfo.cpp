#include "common/pg/conninfo.hpp"

#include "common/base/strings.hpp"

#include <libpq-fe.h>

namespace pgha::pg {

std::string conninfo_defect(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (opts != nullptr) {
    PQconninfoFree(opts);
    return {};
  }
  std::string why = err != nullptr ? std::string(trim(err)) : "not a valid conninfo";
  PQfreemem(err);
  if (auto nl = why.find('\n'); nl != std::string::npos)
    why.erase(nl);
  return why.empty() ? "not a valid conninfo" : why;
}

} // namespace pgha::pg
