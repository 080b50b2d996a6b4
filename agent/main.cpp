// expgsql: OCF resource agent for PostgreSQL streaming replication as a promotable clone.
// main only reads the environment (the one place that does) and hands over to the frame.

#include "agent/dispatch.hpp"
#include "agent/ocf/env_reader.hpp"

int main(int argc, char** argv) {
  return pgha::agent::run(argc, argv, pgha::agent::read_process_env());
}
