/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_RESULT_SCHEMA_H
#define TCP_TEARDOWN_RESULT_SCHEMA_H

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief The schema of every output, as JSON text: the run parameters
 *        (ParamSchema) and the columns of runs.csv, transitions.csv,
 *        segments.csv and summary.csv with their roles (id, parameter,
 *        config, metric), types and units.
 *
 * It goes into meta.json (key "schema") of every output folder and is
 * printed by `--printSchema`; plots/ takes every column role from it.
 */
class ResultSchema
{
  public:
    /** \return the schema as a JSON object */
    static std::string Json();
    /** \return the module version */
    static std::string ModuleVersion();
    /** \return the ns-3 version the module was built against */
    static std::string Ns3Version();
    /**
     * \param text a text
     * \return it as a JSON string, quoted and escaped
     */
    static std::string Quote(const std::string& text);
    /**
     * \param members name -> JSON text of the value, in order
     * \return the JSON object
     */
    static std::string Object(const std::vector<std::pair<std::string, std::string>>& members);
    /**
     * \param items JSON texts
     * \return the JSON array
     */
    static std::string Array(const std::vector<std::string>& items);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_RESULT_SCHEMA_H */
