#pragma once
// The names of the cluster state expgsql owns live in common/model (attribute_names.hpp), shared
// with the cls_* tools; the core refers to them by their old names.

#include "common/model/attribute_names.hpp"

namespace pgha::agent::core {

using model::attribute_names;
using model::AttributeNames;

} // namespace pgha::agent::core
