#include "agent/actions/wal_receiver.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"

namespace pgha::agent {

void publish_wal_receiver(ActionContext& ctx, Runtime& rt) {
  if (!ctx.params.check_wal_receiver)
    return;
  auto rx = ctx.world.postgres().wal_receiver(ctx.deadline);
  std::string value = rx ? rx->status : "none";
  if (!rx || rx->status != "streaming")
    log::warn("wal receiver: {}", value);
  try {
    rt.writer.set_attribute(ctx.node, ctx.names.receiver, value, cluster::Lifetime::reboot);
  } catch (const ClusterError& e) {
    log::warn("cannot publish the wal receiver state: {}", e.what());
  }
}

void clear_wal_receiver(ActionContext& ctx, Runtime& rt) {
  if (!ctx.params.check_wal_receiver)
    return;
  try {
    rt.writer.delete_attribute(ctx.node, ctx.names.receiver, cluster::Lifetime::reboot);
  } catch (const ClusterError& e) {
    log::warn("cannot remove the wal receiver state: {}", e.what());
  }
}

} // namespace pgha::agent
