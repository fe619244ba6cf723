/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_CSV_FILE_H
#define TCP_TEARDOWN_CSV_FILE_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief CSV files with one header row, written so that a reader never sees half a file.
 *
 * Every write goes to a temporary file in the same folder, which then
 * replaces the target by rename(2): a crash leaves the old file or the new
 * one, never a torn one.
 */
class CsvFile
{
  public:
    /** A row of fields. */
    using Row = std::vector<std::string>;

    /**
     * \param fields the fields
     * \return one CSV line (RFC 4180 quoting), without the newline
     */
    static std::string Line(const Row& fields);
    /**
     * \brief Split one CSV line.
     * \param line the line
     * \return its fields
     */
    static Row Split(const std::string& line);
    /**
     * \brief Number of data rows in a file (0 if it does not exist).
     * \param path the file
     * \return rows below the header
     */
    static uint64_t CountRows(const std::string& path);
    /**
     * \brief Append rows, creating the file with its header if needed.
     * \param path the file
     * \param header the header the file has or gets
     * \param rows the rows
     * \throws std::runtime_error if the file has another header or cannot be written
     */
    static void Append(const std::string& path, const Row& header, const std::vector<Row>& rows);
};

} // namespace ns3

#endif /* TCP_TEARDOWN_CSV_FILE_H */
