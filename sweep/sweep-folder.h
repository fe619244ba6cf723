/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_FOLDER_H
#define TCP_TEARDOWN_SWEEP_FOLDER_H

#include "sweep-meta.h"
#include "sweep-record.h"

#include "ns3/output-file.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief A sweep's output folder, written so that a kill at any moment loses
 *        at most the runs in progress.
 *
 * - meta.json names the sweep (SweepIdentity); it is written before any row.
 * - runs.csv is a journal: finished runs are appended as they arrive, with
 *   one write(2) of whole lines per file and batch, and fdatasync(2) at most
 *   every 0.25 s. Its rows mark runs as done.
 * - transitions.csv and segments.csv (if asked for) get a batch's lines
 *   before runs.csv does, so once a run is done its details are complete
 *   (after a kill; a power failure can lose the last 0.25 s of all files).
 * - Open() recovers from a kill: it drops a torn last line, and the detail
 *   lines of runs that never reached runs.csv (they can only be at the end).
 * - Finish() sorts every file by run_index; changes of several files at once
 *   (Finish, --extend) are committed with a marker file and rolled forward
 *   on the next Open() if a kill interrupts them.
 * - An advisory lock keeps two sweeps from writing to one folder.
 */
class SweepFolder
{
  public:
    /** \brief A folder that cannot be used, with the reason. */
    using Error = OutputFile::Error;

    static const std::string RUNS;        //!< "runs.csv"
    static const std::string TRANSITIONS; //!< "transitions.csv"
    static const std::string SEGMENTS;    //!< "segments.csv"
    static const std::string META;        //!< "meta.json"
    static const std::string SUMMARY;     //!< "summary.csv"

    /** \param dir the folder (created by Open if missing) */
    explicit SweepFolder(const std::string& dir);
    ~SweepFolder();
    SweepFolder(const SweepFolder&) = delete;
    SweepFolder& operator=(const SweepFolder&) = delete;

    /**
     * \brief Take the folder for a sweep: create it, lock it, recover it, and
     *        check that it holds this sweep (or nothing).
     * \param meta this invocation's meta data; its history is filled in from
     *        the folder's meta.json
     * \param extend accept a folder with a grid that the new one extends:
     *        its runs keep their indices and lines, the new runs follow
     * \throws Error with a message for the user
     */
    void Open(SweepMeta& meta, bool extend);

    /** \return the run indices of the share that are not done, ascending */
    std::vector<uint64_t> Missing() const;
    /** \return runs of the share that are done */
    uint64_t GetDoneCount() const;
    /** \return whether the whole share is done */
    bool IsComplete() const;
    /**
     * \param runIndex a run index
     * \return whether it is done
     */
    bool IsDone(uint64_t runIndex) const;

    /**
     * \brief Append finished runs (detail lines, then their runs.csv lines).
     * \param records runs of the share that are not done yet
     * \throws Error if the files cannot be written
     */
    void Append(const std::vector<RunRecord>& records);

    /** \brief fdatasync(2) the files appended to (Append does it every 0.25 s). */
    void Sync();

    /**
     * \brief Sort runs.csv and the detail files by run_index (needs IsComplete()).
     * \throws Error if the files cannot be written
     */
    void Finish();

    /**
     * \param meta the meta data to write to meta.json
     * \throws Error if it cannot be written
     */
    void WriteMeta(const SweepMeta& meta);

    /** \return the folder */
    const std::string& GetDir() const;

    /**
     * \brief Read the finished runs of another sweep folder (a shard), without
     *        writing to it.
     * \param dir the folder
     * \param identity set to the folder's identity
     * \return its runs, detail lines included
     * \throws Error if it is not a readable sweep folder
     */
    static std::vector<RunRecord> ReadRecords(const std::string& dir, SweepIdentity& identity);

  private:
    /** A runs.csv row: its index and its line (with '\n'). */
    using Row = std::pair<uint64_t, std::string>;

    /** \return dir/name */
    std::string Path(const std::string& name) const;
    /** Finish an interrupted commit, or drop the leftovers of one never made. */
    void RecoverCommit();
    /** Replace several files as one change (see the class description). */
    void Commit(const std::map<std::string, std::string>& files);
    /** Load runs.csv, dropping a torn last line; fill m_done. */
    void LoadRuns();
    /** Create a detail file, or drop its torn last line and the lines of runs not done. */
    void RecoverDetails(const std::string& name, const std::vector<std::string>& header);
    /** Open the append descriptors. */
    void OpenAppend();
    /** Close the append descriptors. */
    void CloseAppend();

    /**
     * Read a runs.csv, checking every row against a grid.
     * \param path the file
     * \param identity what its rows must be
     * \param tornBytes set to the length of a torn last line (0 if none)
     * \return its rows, in file order
     */
    static std::vector<Row> ReadRuns(const std::string& path,
                                     const SweepIdentity& identity,
                                     size_t& tornBytes);
    /**
     * Read a detail file's lines grouped by run index.
     * \param path the file
     * \param header its expected header
     * \return per run index, its lines in file order (a torn last line is left out)
     */
    static std::map<uint64_t, std::string> ReadDetails(const std::string& path,
                                                       const std::vector<std::string>& header);
    /** \return the header line of runs.csv (with '\n') */
    static std::string RunsHeader();
    /** \return the detail files the identity asks for, with their headers */
    static std::vector<std::pair<std::string, std::vector<std::string>>> DetailFiles(
        const SweepIdentity& identity);

    std::string m_dir;                                //!< the folder
    SweepIdentity m_identity;                         //!< what it holds
    std::vector<bool> m_done;                         //!< per run index of the grid
    uint64_t m_doneCount{0};                          //!< runs done
    std::unique_ptr<FolderLock> m_lock;               //!< held while the folder is open
    std::map<std::string, int> m_appendFds;           //!< per file name, O_APPEND descriptor
    std::chrono::steady_clock::time_point m_lastSync; //!< last Sync()
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_FOLDER_H */
