// file:PATH — writes the bytes to a file: for inspection, and `kioskctl escpos render`.
#include <fcntl.h>

#include <cerrno>

#include "printer/transport_detail.hpp"

namespace printer::detail {

std::expected<std::unique_ptr<Transport>, TransportError> open_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return std::unexpected(open_error(path, errno));
    return std::make_unique<FdTransport>(fd, "file:" + path, false);
}

}  // namespace printer::detail
