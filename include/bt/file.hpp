// SPDX-License-Identifier: MIT
// Reading a whole file that came from a user (a case file, a keyfile, a metadata blob) without the traps
// of a plain open + read: the one checked loader every module and tool uses.
//
//   auto bytes = bt::read_regular_file("case.json", 64 << 20);   // Result<Bytes>
//
// Contract:
// - Only regular files are read. The path is opened O_NONBLOCK and checked with fstat before anything
//   is read, so a directory, a FIFO (which would block), or a device such as /dev/zero (which would
//   never end) is refused at once.
// - A file larger than max_bytes is refused before it is read (the limit bounds the memory a caller
//   can be made to spend). A file that shrinks while it is read yields what was there.
// - A path with an embedded NUL byte is refused (the OS would silently read a shorter path).
// Errors (CoreError): invalid_argument (NUL in the path), not_found (no such file), io_error (anything
// else: permission, not a regular file, too large, a read error); the message names the path and the
// reason. If open_errno is given it receives the errno of a failed open (0 otherwise), for callers
// that map it to their own codes (e.g. a keyfile's permission_denied).
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>

#include <cstddef>
#include <string>

namespace bt {

Result<Bytes> read_regular_file(const std::string& path, std::size_t max_bytes, int* open_errno = nullptr);

}  // namespace bt
