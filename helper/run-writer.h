/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_RUN_WRITER_H
#define TCP_TEARDOWN_RUN_WRITER_H

#include "csv-file.h"
#include "teardown-scenario.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Writes run outputs as runs.csv, transitions.csv and segments.csv in a folder.
 *
 * Rows are appended to what the folder already holds; each file is replaced
 * atomically, so an interrupted write loses nothing written before.
 */
class RunWriter
{
  public:
    /** \return header of transitions.csv */
    /** \return the columns of transitions.csv, described */
    static const std::vector<ColumnSpec>& TransitionSpecs();
    /** \return the columns of segments.csv, described */
    static const std::vector<ColumnSpec>& SegmentSpecs();
    static const CsvFile::Row& TransitionColumns();
    /** \return header of segments.csv */
    static const CsvFile::Row& SegmentColumns();
    /**
     * \param output a run
     * \return its rows of transitions.csv
     */
    static std::vector<CsvFile::Row> TransitionRows(const RunOutput& output);
    /**
     * \param output a run
     * \return its rows of segments.csv
     */
    static std::vector<CsvFile::Row> SegmentRows(const RunOutput& output);
    /**
     * \brief Append runs to the files of a folder.
     * \param dir the folder (must exist)
     * \param outputs the runs
     * \param transitions write transitions.csv
     * \param segments write segments.csv
     */
    static void Append(const std::string& dir,
                       const std::vector<RunOutput>& outputs,
                       bool transitions,
                       bool segments);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_RUN_WRITER_H */
