#include "cls-tools/lib/testing/fake_world.hpp"

namespace pgha::cls::testing {

FakeWorld::FakeWorld(config::ClusterConfig config) : m_config(std::move(config)) {}

FakeWorld::~FakeWorld() = default;

pg::Ctl& FakeWorld::ctl() {
  if (!m_ctl)
    m_ctl = std::make_unique<pg::Ctl>(fake_runner, ctl_options(m_config));
  return *m_ctl;
}

} // namespace pgha::cls::testing
