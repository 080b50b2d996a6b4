#pragma once
// The `<rsc>-data-status` values live in common/model (data_status.hpp), shared with the cls_*
// tools; the core refers to them by their old names.

#include "common/model/data_status.hpp"

namespace pgha::agent::core {

using model::DataStatus;
using model::parse_data_status;
using model::SenderState;
using model::SyncState;
using model::to_string;

} // namespace pgha::agent::core
