#pragma once
// Checks of libpq connection strings without connecting (validate-all uses them, so a value
// start or promote would refuse is refused before).

#include <string>

namespace pgha::pg {

// "" when libpq parses `conninfo` (keywords known, quoting balanced), else libpq's complaint on
// one line.
std::string conninfo_defect(const std::string& conninfo);

} // namespace pgha::pg
