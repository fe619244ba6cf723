/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_OUTPUT_FILE_H
#define TCP_TEARDOWN_OUTPUT_FILE_H

#include <stdexcept>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief The one file-writing layer of single runs and sweeps: whole writes,
 *        atomic replacement with fsync, reading, and a folder lock.
 */
class OutputFile
{
  public:
    /** \brief A file or folder that cannot be used, with the reason. */
    class Error : public std::runtime_error
    {
      public:
        using std::runtime_error::runtime_error;
    };

    /**
     * \brief write(2) all of data, retrying after EINTR.
     * \param fd a descriptor
     * \param data the bytes
     * \return false on an error (errno tells)
     */
    static bool WriteFully(int fd, const std::string& data);
    /**
     * \brief Create or truncate a file, write it and fsync it; on failure remove it.
     * \param path the file
     * \param content its content
     * \throws Error naming the file
     */
    static void WriteSynced(const std::string& path, const std::string& content);
    /**
     * \brief Replace a file: write a temporary file, fsync, rename, fsync the
     *        folder. A reader sees the old or the new content, never a part.
     * \param path the file
     * \param content its new content
     * \throws Error naming the file
     */
    static void Replace(const std::string& path, const std::string& content);
    /**
     * \param path a file
     * \param content set to its content
     * \return false if it does not exist
     * \throws Error if it exists but cannot be read
     */
    static bool Read(const std::string& path, std::string& content);
    /**
     * \brief Make sure a folder exists and files can be created in it.
     * \param dir the folder
     * \throws Error saying what is wrong
     */
    static void PrepareDirectory(const std::string& dir);
    /** \param dir a folder: fsync it (after a rename in it) */
    static void SyncFolder(const std::string& dir);
};

/**
 * \ingroup tcp-teardown
 * \brief An exclusive advisory lock (flock) on a folder's ".lock" file, held
 *        for the object's lifetime. Single runs wait for it; sweeps refuse a
 *        folder another process holds.
 */
class FolderLock
{
  public:
    /**
     * \param dir the folder (must exist)
     * \param wait wait for another holder to finish (false: throw at once)
     * \throws OutputFile::Error if the lock cannot be had
     */
    FolderLock(const std::string& dir, bool wait);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

    /** \return the lock file's name in a folder */
    static const std::string& FileName();

  private:
    int m_fd{-1}; //!< the lock file
};

} // namespace ns3

#endif /* TCP_TEARDOWN_OUTPUT_FILE_H */
