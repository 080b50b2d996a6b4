// cls config --example|--keys|--show: documentation and effective values of config.ini.
#include "cls-tools/lib/commands.hpp"
#include "cls-tools/lib/exit_codes.hpp"
#include "common/config/example.hpp"

#include <cstdio>

namespace pgha::cls {

int cmd_config(const std::string& program, const Args& args) {
  if (args.config_example) {
    std::fputs(config::render_example().c_str(), stdout);
    return 0;
  }
  if (args.config_keys) {
    std::fputs(config::render_key_reference().c_str(), stdout);
    return 0;
  }
  try {
    auto c = config::load_config(args.config_path);
    for (const auto& w : c.warnings)
      std::fprintf(stderr, "%s: warning: %s\n", program.c_str(), w.c_str());
    for (const auto& s : c.settings)
      std::printf("%-40s %-45s (%s)\n", s.key.c_str(), s.value.c_str(), s.origin.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: error: %s\n", program.c_str(), e.what());
    return static_cast<int>(exit_code_for(e));
  }
}

} // namespace pgha::cls
