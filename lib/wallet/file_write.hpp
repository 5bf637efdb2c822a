// SPDX-License-Identifier: MIT
// Private: how keyfiles reach the disk. Every write goes through write_files(), which writes one
// file or a group of files (a key and its public file) "all or nothing":
//   1. parent directories are created 0700;
//   2. every file is written to a unique temporary next to its target (O_EXCL, 0600) and fsync'ed,
//      so I/O errors such as ENOSPC happen before anything is visible; on failure the temporaries
//      are removed and no target is touched;
//   3. the temporaries are published:
//      - without overwrite, by link(temporary, target), which fails atomically with EEXIST when the
//        target exists (no check-then-act window; renameat2(RENAME_NOREPLACE) on file systems
//        without hard links). If a later file of the group cannot be published, the ones already
//        published by this call are removed again, so concurrent creators see exactly one winner
//        whose files all belong together;
//      - with overwrite, by rename(), keeping a hard-link backup of each replaced target so that a
//        failure part-way restores the previous files.
// Paths containing a NUL byte are refused (KeyfileError::invalid_path) before any system call.
#pragma once

#include <bt/bytes.hpp>
#include <bt/result.hpp>
#include <bt/wallet/keyfile.hpp>
#include <filesystem>
#include <optional>
#include <vector>

namespace bt::wallet::detail {

struct PendingFile {
  std::filesystem::path path;
  ByteView data;
};

// Refuses a path with an embedded NUL (the OS would silently truncate it).
Result<void> check_path(const std::filesystem::path& p);

Result<void> write_files(const std::vector<PendingFile>& files, bool overwrite);

// Backs testing::inject_write_fault_for_tests.
void set_write_fault(std::optional<testing::WriteFault> fault);

}  // namespace bt::wallet::detail
