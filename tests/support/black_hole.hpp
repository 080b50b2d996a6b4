#pragma once
// A TCP listener on loopback that accepts connections into its backlog and never answers: the
// kernel completes the TCP handshake, a client sends its startup packet and waits, as for a
// black-holed server. The port is the kernel's choice.

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace pgha::test {

class BlackHole {
 public:
  BlackHole() {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(m_fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(m_fd, 64) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
  }
  ~BlackHole() { ::close(m_fd); }
  BlackHole(const BlackHole&) = delete;
  BlackHole& operator=(const BlackHole&) = delete;

  int port() const { return m_port; }
  std::string conninfo() const {
    return "host=127.0.0.1 port=" + std::to_string(m_port) + " user=postgres dbname=postgres";
  }

 private:
  int m_fd = -1;
  int m_port = 0;
};

} // namespace pgha::test
