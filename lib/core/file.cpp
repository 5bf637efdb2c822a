// SPDX-License-Identifier: MIT
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bt/error.hpp>
#include <bt/file.hpp>
#include <bt/secure.hpp>
#include <cerrno>
#include <cstring>

namespace bt {

Result<Bytes> read_regular_file(const std::string& path, std::size_t max_bytes, int* open_errno) {
  if (open_errno) *open_errno = 0;
  if (path.find('\0') != std::string::npos)
    return fail(CoreError::invalid_argument, "path contains a NUL byte");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (open_errno) *open_errno = err;
    return fail(err == ENOENT ? CoreError::not_found : CoreError::io_error,
                "cannot open " + path + ": " + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    ::close(fd);
    return fail(CoreError::io_error, path + (dir ? " is a directory" : " is not a regular file"));
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    const bool whole_mib = max_bytes % (std::size_t{1} << 20) == 0;
    return fail(CoreError::io_error,
                path + " is larger than the limit of " + std::to_string(max_bytes) + " bytes" +
                    (whole_mib ? " (the " + std::to_string(max_bytes >> 20) + " MiB limit)" : ""));
  }
  Bytes out(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < out.size()) {
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      secure_wipe(out.data(), out.size());  // a keyfile's partial contents may be secret
      return fail(CoreError::io_error, "cannot read " + path + ": " + std::strerror(err));
    }
    if (n == 0) break;  // the file shrank meanwhile: keep what was there
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(got);
  return out;
}

}  // namespace bt
