/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_EFFECTIVE_CONFIG_H
#define TCP_TEARDOWN_EFFECTIVE_CONFIG_H

#include "ns3/node.h"
#include "ns3/socket.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief A runs.csv column that holds a configuration value read back from
 *        the objects of a run (so any --ns3::... override shows).
 */
struct ConfigColumn
{
    std::string column;    //!< e.g. min_rto_s
    std::string typeId;    //!< the TypeId that has the attribute
    std::string attribute; //!< e.g. MinRto
    std::string type;      //!< schema type: number, count, choice, text
    std::string unit;      //!< "s" for times, "" else
    std::string help;      //!< the attribute's help
};

/**
 * \ingroup tcp-teardown
 * \brief The configuration a run actually used, read back from its sockets
 *        and its TCP stack after setup.
 *
 * Columns(): per-run values for runs.csv. They cover every attribute of
 * TcpTeardownSocket, the TCP attributes that shape a close (MinRto,
 * DelAckCount, DelAckTimeout, Sack, Timestamp, SegmentSize, InitialCwnd,
 * buffer sizes, retry limits) and the congestion control and recovery.
 * Dump(): every attribute of the socket and of its TcpL4Protocol (which
 * names the congestion control and recovery types), for meta.json.
 *
 * Times are written in seconds, booleans as yes/no, TypeIds by name.
 */
class EffectiveConfig
{
  public:
    /** \return the config columns of runs.csv, in order */
    static const std::vector<ConfigColumn>& Columns();
    /**
     * \param socket the socket whose configuration is read (A's)
     * \param node its node (for TcpL4Protocol)
     * \return per column of Columns(), its value ("" where the socket has no such attribute)
     */
    static std::map<std::string, std::string> Read(Ptr<Socket> socket, Ptr<Node> node);
    /**
     * \param socket the socket whose configuration is read (A's)
     * \param node its node
     * \return "ns3::Type::Attribute" -> value, for every attribute of the socket's
     *         TypeId and its parents, and of TcpL4Protocol
     */
    static std::vector<std::pair<std::string, std::string>> Dump(Ptr<Socket> socket,
                                                                 Ptr<Node> node);
    /**
     * \brief Name the ns-3 attributes set on the command line
     *        (--ns3::Type::Attribute=...), so that every run records their
     *        values read back (column ns3_overrides).
     * \param paths e.g. "ns3::TcpSocketBase::MinRto"
     */
    static void SetOverrides(const std::vector<std::string>& paths);
    /**
     * \return "path=value" of every override, read back from its TypeId's
     *         initial value, joined by ';'
     */
    static std::string Overrides();
    /**
     * \param object an object
     * \param attribute one of its attributes
     * \param found set to whether it has it
     * \return its value as a runs.csv cell (seconds, yes/no, TypeId names)
     */
    static std::string Cell(Ptr<Object> object, const std::string& attribute, bool& found);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_EFFECTIVE_CONFIG_H */
