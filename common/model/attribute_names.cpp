#include "common/model/attribute_names.hpp"

#include <fmt/format.h>

namespace pgha::model {

std::string promotion_attribute(std::string_view rsc) {
  return fmt::format("master-{}", rsc);
}

AttributeNames attribute_names(std::string_view rsc) {
  AttributeNames n;
  n.status = fmt::format("{}-status", rsc);
  n.data_status = fmt::format("{}-data-status", rsc);
  n.xlog_loc = fmt::format("{}-xlog-loc", rsc);
  n.master_baseline = fmt::format("{}-master-baseline", rsc);
  n.sync_baseline = fmt::format("{}-sync-baseline", rsc);
  n.lockservice = fmt::format("{}-lockservice", rsc);
  n.slots = fmt::format("{}-slots", rsc);
  n.receiver = fmt::format("{}-receiver", rsc);
  n.promotion = promotion_attribute(rsc);
  n.repl_info = fmt::format("{}_REPL_INFO", rsc);
  return n;
}

std::string_view to_string(Lifetime lifetime) {
  return lifetime == Lifetime::reboot ? "reboot" : "forever";
}

} // namespace pgha::model
