/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "output-file.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownOutputFile");

namespace
{
std::string
SystemError(const std::string& what, const std::string& path)
{
    return what + " " + path + ": " + std::strerror(errno);
}
} // namespace

bool
OutputFile::WriteFully(int fd, const std::string& data)
{
    size_t done = 0;
    while (done < data.size())
    {
        ssize_t n = write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            return false;
        }
        done += n;
    }
    return true;
}

void
OutputFile::WriteSynced(const std::string& path, const std::string& content)
{
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        throw Error(SystemError("cannot write", path));
    }
    bool written = WriteFully(fd, content) && fsync(fd) == 0;
    int err = errno;
    close(fd);
    if (!written)
    {
        unlink(path.c_str());
        errno = err;
        throw Error(SystemError("cannot write", path));
    }
}

void
OutputFile::SyncFolder(const std::string& dir)
{
    int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0)
    {
        fsync(fd);
        close(fd);
    }
}

void
OutputFile::Replace(const std::string& path, const std::string& content)
{
    // the process id keeps two writers of one folder off each other's file
    std::string tmp = path + ".tmp." + std::to_string(getpid());
    WriteSynced(tmp, content);
    if (rename(tmp.c_str(), path.c_str()) != 0)
    {
        int err = errno;
        unlink(tmp.c_str());
        errno = err;
        throw Error(SystemError("cannot replace", path));
    }
    size_t slash = path.rfind('/');
    SyncFolder(slash == std::string::npos ? "." : path.substr(0, slash));
}

bool
OutputFile::Read(const std::string& path, std::string& content)
{
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
        if (errno == ENOENT)
        {
            return false;
        }
        throw Error(SystemError("cannot read", path));
    }
    content.clear();
    char buffer[1 << 16];
    ssize_t n;
    while ((n = read(fd, buffer, sizeof(buffer))) != 0)
    {
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            int err = errno;
            close(fd);
            errno = err;
            throw Error(SystemError("cannot read", path));
        }
        content.append(buffer, n);
    }
    close(fd);
    return true;
}

void
OutputFile::PrepareDirectory(const std::string& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
    {
        throw Error("cannot create folder: " + ec.message());
    }
    if (!std::filesystem::is_directory(dir))
    {
        throw Error("not a folder");
    }
    if (access(dir.c_str(), W_OK | X_OK) != 0)
    {
        throw Error(std::string("cannot write there: ") + std::strerror(errno));
    }
}

const std::string&
FolderLock::FileName()
{
    static const std::string name = ".lock";
    return name;
}

FolderLock::FolderLock(const std::string& dir, bool wait)
{
    std::string path = dir + "/" + FileName();
    m_fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
    {
        throw OutputFile::Error(SystemError("cannot create", path));
    }
    int rc;
    while ((rc = flock(m_fd, LOCK_EX | (wait ? 0 : LOCK_NB))) != 0 && errno == EINTR)
    {
    }
    if (rc != 0)
    {
        close(m_fd);
        throw OutputFile::Error("another process is writing to this folder (it holds the lock " +
                                path + ")");
    }
}

FolderLock::~FolderLock()
{
    if (m_fd >= 0)
    {
        close(m_fd); // releases the lock
    }
}

} // namespace ns3
