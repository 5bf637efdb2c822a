// SPDX-License-Identifier: MIT
#include "wallet/file_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bt/wallet/keyfile.hpp>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace bt::wallet::detail {
namespace {

// ---- fault injection (tests only, see testing::inject_write_fault_for_tests) ----
std::mutex g_fault_mu;
std::optional<testing::WriteFault> g_fault;

// Returns the errno to simulate for the next operation of the given kind, or 0.
int injected(bool publish) {
  std::lock_guard lock(g_fault_mu);
  if (!g_fault || g_fault->at_publish != publish) return 0;
  if (g_fault->after > 0) {
    --g_fault->after;
    return 0;
  }
  const int err = g_fault->error;
  g_fault.reset();  // one failure per injection
  return err;
}

Error errno_error(int err, const std::filesystem::path& p, const char* what) {
  std::string msg = std::string(what) + " " + p.string() + ": " + std::strerror(err);
  if (err == ENOENT) return Error(KeyfileError::not_found, msg);
  if (err == EACCES || err == EPERM) return Error(KeyfileError::permission_denied, msg);
  if (err == EEXIST)
    return Error(KeyfileError::already_exists, p.string() + " exists (pass overwrite to replace it)");
  return Error(KeyfileError::io_error, msg);
}

Result<void> make_parent_dirs(const std::filesystem::path& target) {
  std::error_code ec;
  const auto parent = target.parent_path();
  if (parent.empty() || std::filesystem::exists(parent, ec)) return ok();
  // Create missing ancestors one by one, each private to the owner (0700).
  std::vector<std::filesystem::path> missing;
  for (auto p = parent; !p.empty() && !std::filesystem::exists(p, ec); p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST)
      return Unexpected{errno_error(errno, *it, "cannot create directory")};
  }
  return ok();
}

std::string unique_sibling(const std::filesystem::path& target, const char* tag) {
  static std::random_device rd;
  return target.string() + tag + std::to_string(rd()) + "." + std::to_string(::getpid());
}

// Writes `data` to a new temporary next to `target`; returns its name.
Result<std::string> stage(const std::filesystem::path& target, ByteView data) {
  std::string tmp = unique_sibling(target, ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Unexpected{errno_error(errno, tmp, "cannot create")};
  auto give_up = [&](int err, const char* what) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return Unexpected{errno_error(err, target, what)};
  };
  if (int err = injected(false)) return give_up(err, "cannot write");
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return give_up(n < 0 ? errno : EIO, "cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, 0600) != 0 || ::fsync(fd) != 0) return give_up(errno, "cannot flush");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Unexpected{errno_error(err, target, "cannot flush")};
  }
  return tmp;
}

// Makes `from` visible at `to` unless `to` exists (EEXIST then).
int publish_no_replace(const std::string& from, const std::filesystem::path& to) {
  if (int err = injected(true)) return err;
  if (::link(from.c_str(), to.c_str()) == 0) return 0;
  int err = errno;
  if (err != EPERM && err != ENOTSUP && err != EOPNOTSUPP && err != EMLINK && err != ENOSYS) return err;
#if defined(SYS_renameat2) && defined(RENAME_NOREPLACE)
  if (::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  err = errno;
#elif defined(SYS_renameat2)
  if (::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), 1u /* RENAME_NOREPLACE */) == 0)
    return 0;
  err = errno;
#endif
  return err;
}

bool same_file(const std::string& a, const std::filesystem::path& b) {
  struct stat sa {
  }, sb{};
  return ::lstat(a.c_str(), &sa) == 0 && ::lstat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

void sync_dir(const std::filesystem::path& target) {
  auto dir = target.parent_path();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

void set_write_fault(std::optional<testing::WriteFault> fault) {
  std::lock_guard lock(g_fault_mu);
  g_fault = fault;
}

Result<void> check_path(const std::filesystem::path& p) {
  if (p.native().find('\0') != std::string::npos)
    return fail(KeyfileError::invalid_path, "path contains a NUL byte");
  if (p.empty()) return fail(KeyfileError::invalid_path, "empty path");
  return ok();
}

Result<void> write_files(const std::vector<PendingFile>& files, bool overwrite) {
  for (const auto& f : files) BT_TRY_VOID(check_path(f.path));
  for (const auto& f : files) BT_TRY_VOID(make_parent_dirs(f.path));
  if (!overwrite) {
    // Cheap early answer; the link() below is what actually guarantees it.
    for (const auto& f : files) {
      struct stat st {};
      if (::lstat(f.path.c_str(), &st) == 0) return Unexpected{errno_error(EEXIST, f.path, "")};
    }
  }
  // 1. Stage everything: all I/O errors (ENOSPC, EIO, EDQUOT) happen here, before anything is visible.
  std::vector<std::string> staged;
  auto remove_staged = [&] {
    for (const auto& t : staged) ::unlink(t.c_str());
  };
  for (const auto& f : files) {
    auto t = stage(f.path, f.data);
    if (!t) {
      remove_staged();
      return Unexpected{std::move(t).error()};
    }
    staged.push_back(std::move(*t));
  }

  // 2. Publish.
  if (!overwrite) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      const int err = publish_no_replace(staged[i], files[i].path);
      if (err == 0) continue;
      // Roll back what this call published (only if it is still our file, i.e. the same inode as
      // the temporary it was linked from; after a renameat2 fallback the temporary is gone and the
      // target is ours by construction).
      for (std::size_t k = 0; k < i; ++k) {
        struct stat st {};
        const bool tmp_present = ::lstat(staged[k].c_str(), &st) == 0;
        if (!tmp_present || same_file(staged[k], files[k].path)) ::unlink(files[k].path.c_str());
      }
      remove_staged();
      return Unexpected{errno_error(err, files[i].path, "cannot create")};
    }
    remove_staged();  // the targets keep the data (hard links) or the temporaries were renamed
    for (const auto& f : files) sync_dir(f.path);
    return ok();
  }

  // Overwrite: back up each existing target (hard link), rename the temporaries over the targets,
  // restore the backups if a rename fails part-way.
  std::vector<std::optional<std::string>> backups(files.size());
  auto remove_backups = [&] {
    for (const auto& b : backups)
      if (b) ::unlink(b->c_str());
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    struct stat st {};
    if (::lstat(files[i].path.c_str(), &st) != 0) continue;
    std::string b = unique_sibling(files[i].path, ".bak");
    if (::link(files[i].path.c_str(), b.c_str()) == 0) backups[i] = std::move(b);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    int err = injected(true);
    if (err == 0 && ::rename(staged[i].c_str(), files[i].path.c_str()) != 0) err = errno;
    if (err == 0) continue;
    for (std::size_t k = 0; k < i; ++k) {
      if (backups[k]) {
        ::rename(backups[k]->c_str(), files[k].path.c_str());
        backups[k].reset();
      } else {
        ::unlink(files[k].path.c_str());
      }
    }
    remove_staged();
    remove_backups();
    return Unexpected{errno_error(err, files[i].path, "cannot replace")};
  }
  remove_backups();
  for (const auto& f : files) sync_dir(f.path);
  return ok();
}

}  // namespace bt::wallet::detail
