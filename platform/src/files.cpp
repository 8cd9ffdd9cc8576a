// POSIX file helpers. Everything that must survive power loss is fsynced.
#include "platform/files.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace wk::files {
namespace {
std::string err(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}
}  // namespace

std::string read_all(const std::string& path, std::string& out) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return err("cannot open", path);
    out.clear();
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::string e = err("cannot read", path);
            ::close(fd);
            return e;
        }
        if (n == 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return {};
}

static std::string write_fd(int fd, const char* p, size_t n, const std::string& path) {
    while (n > 0) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return err("cannot write", path);
        p += w;
        n -= static_cast<size_t>(w);
    }
    return {};
}

// Into a character device or FIFO: no temp file, no rename, no fsync (they have none).
// A FIFO nobody reads is an error at once, not a writer blocked for ever.
static int open_device(const std::string& path, std::string& e) {
    int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) e = errno == ENXIO ? path + ": nothing reads from it" : err("cannot open", path);
    else ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

static std::string write_into_device(const std::string& path, const std::string& data) {
    std::string e;
    int fd = open_device(path, e);
    if (fd < 0) return e;
    e = write_fd(fd, data.data(), data.size(), path);
    ::close(fd);
    return e;
}

std::string copy_into_device(const std::string& from, const std::string& device) {
    struct stat st{};
    if (::lstat(device.c_str(), &st) != 0) return err("cannot find", device);
    if (!S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode)) return device + " is not a character device or FIFO";
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return err("cannot open", from);
    std::string e;
    int out = open_device(device, e);
    char buf[65536];
    while (out >= 0 && e.empty()) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) e = err("cannot read", from);
        if (n <= 0) break;
        e = write_fd(out, buf, static_cast<size_t>(n), device);
    }
    if (out >= 0) ::close(out);
    ::close(in);
    return e;
}

static const char* not_a_file(mode_t m) {
    return S_ISDIR(m) ? "a directory" : S_ISLNK(m) ? "a symbolic link" : S_ISSOCK(m) ? "a socket"
           : S_ISBLK(m) ? "a block device" : "not a regular file";
}

std::string write_atomic(const std::string& path, const std::string& data, unsigned mode) {
    struct stat st{};
    if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return write_into_device(path, data);
        return path + " is " + not_a_file(st.st_mode) + "; it is not replaced by a file";
    }
    std::string tmp = path + ".tmp";
    // A stale temp file (a crash before the rename) would keep its old mode under
    // O_TRUNC, so it is removed and the file created afresh with `mode`.
    ::unlink(tmp.c_str());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) return err("cannot create", tmp);
    std::string e = write_fd(fd, data.data(), data.size(), tmp);
    if (e.empty() && ::fsync(fd) != 0) e = err("cannot sync", tmp);
    ::close(fd);
    if (e.empty() && ::rename(tmp.c_str(), path.c_str()) != 0) e = err("cannot rename", tmp);
    if (!e.empty()) ::unlink(tmp.c_str());
    return e.empty() ? sync_parent_dir(path) : e;
}

std::string sync_parent_dir(const std::string& path) {
    std::filesystem::path p(path);
    std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return err("cannot open", dir);
    std::string e = ::fsync(fd) == 0 ? "" : err("cannot sync", dir);
    ::close(fd);
    return e;
}

std::string append_bytes(const std::string& path, const std::vector<uint8_t>& data) {
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return err("cannot open", path);
    std::string e = write_fd(fd, reinterpret_cast<const char*>(data.data()), data.size(), path);
    ::close(fd);
    return e;
}

int64_t free_bytes(const std::string& path) {
    struct statvfs s{};
    std::filesystem::path p(path);
    std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    if (::statvfs(dir.c_str(), &s) != 0) return -1;
    return static_cast<int64_t>(s.f_bavail) * static_cast<int64_t>(s.f_frsize);
}

ExclusiveLock::ExclusiveLock(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        m_error = "cannot open " + path + ": " + std::strerror(errno);
        return;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        m_error = e == EWOULDBLOCK ? "held by another process (" + path + ")"
                                   : "cannot lock " + path + ": " + std::strerror(e);
        ::close(fd);
        return;
    }
    m_fd = fd;
}

ExclusiveLock::~ExclusiveLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing the last descriptor releases the flock
}

}  // namespace wk::files

