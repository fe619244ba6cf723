/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_META_H
#define TCP_TEARDOWN_SWEEP_META_H

#include "sweep-grid.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief What a sweep folder holds: the grid, the share of it, the files asked for.
 *
 * Two invocations may write to the same folder only if their identities are
 * equal (or the second extends the first's grid).
 */
struct SweepIdentity
{
    SweepGrid grid;          //!< the grid
    uint64_t shardIndex{0};  //!< this folder's share: run_index % shardCount == shardIndex
    uint64_t shardCount{1};  //!< number of shards
    bool transitions{false}; //!< transitions.csv is written
    bool segments{false};    //!< segments.csv is written
    /** every attribute of the runs' sockets and TCP stack, read back (null: unknown) */
    nlohmann::ordered_json configuration;

    /**
     * \param runIndex a run index of the grid
     * \return whether it belongs to this share
     */
    bool InShare(uint64_t runIndex) const;
    /** \return the number of runs in this share */
    uint64_t ShareSize() const;
};

/**
 * \ingroup tcp-teardown
 * \brief The content of meta.json: identity, versions, and every invocation
 *        that wrote to the folder (command line, host, times).
 */
class SweepMeta
{
  public:
    /**
     * \brief Start the record of a new invocation.
     * \param identity what is swept
     * \param commandLine the command line, quoted for a shell
     * \param jobs worker processes
     */
    SweepMeta(const SweepIdentity& identity, const std::string& commandLine, uint32_t jobs);

    /** \return the identity */
    const SweepIdentity& GetIdentity() const;
    /** \param identity the new identity (after --extend) */
    void SetIdentity(const SweepIdentity& identity);
    /**
     * \brief Carry over the invocations recorded in an existing meta.json.
     * \param previous its content
     */
    void KeepHistory(const nlohmann::ordered_json& previous);
    /**
     * \param runsExecuted runs this invocation added
     * \param complete whether the folder now holds its whole share
     */
    void SetEnd(uint64_t runsExecuted, bool complete);
    /** \return the meta.json document */
    nlohmann::ordered_json ToJson() const;

    /**
     * \brief Read the identity of an existing meta.json.
     * \param json its content
     * \return the identity
     * \throws std::runtime_error if it is not a sweep's meta.json
     */
    static SweepIdentity IdentityOf(const nlohmann::ordered_json& json);

    /**
     * \param grid a grid
     * \return the configuration its runs get (every attribute of A's socket
     *         and TCP stack, read back from objects built as for run 0, and
     *         the --ns3:: overrides)
     */
    static nlohmann::ordered_json Configuration(const SweepGrid& grid);

    /** \return the module version */
    static std::string ModuleVersion();
    /** \return the ns-3 version */
    static std::string Ns3Version();
    /** \return "YYYY-MM-DDThh:mm:ssZ" for now */
    static std::string Now();
    /** \return this host's name */
    static std::string Host();
    /**
     * \param dir a folder
     * \return the git revision of the repository holding it ("" if none),
     *         with "-dirty" if its work tree has changes
     */
    static std::string GitRevision(const std::string& dir);
    /**
     * \brief The source tree of the module, for plots/ and git: the compile
     *        definition TCP_TEARDOWN_SOURCE_DIR, $TCP_TEARDOWN_SOURCE_DIR, or
     *        the nearest folder above the running program that holds
     *        sweep/sweep-grid.h.
     * \return the folder, or "" if none is found
     */
    static std::string SourceDir();

  private:
    SweepIdentity m_identity;         //!< the identity
    nlohmann::ordered_json m_history; //!< earlier invocations
    nlohmann::ordered_json m_this;    //!< this invocation
    std::string m_firstStart;         //!< start of the first invocation
    std::string m_firstCommand;       //!< command line of the first invocation
    bool m_complete{false};           //!< share complete
};

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_META_H */
