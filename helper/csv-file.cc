/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "csv-file.h"

#include "output-file.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownCsvFile");

std::string
CsvFile::Line(const Row& fields)
{
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i)
    {
        const std::string& f = fields[i];
        if (i > 0)
        {
            line += ',';
        }
        if (f.find_first_of(",\"\n\r") == std::string::npos)
        {
            line += f;
            continue;
        }
        line += '"';
        for (char c : f)
        {
            if (c == '"')
            {
                line += '"';
            }
            line += c;
        }
        line += '"';
    }
    return line;
}

CsvFile::Row
CsvFile::Split(const std::string& line)
{
    Row fields;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i)
    {
        char c = line[i];
        if (quoted)
        {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            {
                field += '"';
                ++i;
            }
            else if (c == '"')
            {
                quoted = false;
            }
            else
            {
                field += c;
            }
        }
        else if (c == '"')
        {
            quoted = true;
        }
        else if (c == ',')
        {
            fields.push_back(field);
            field.clear();
        }
        else if (c != '\r')
        {
            field += c;
        }
    }
    fields.push_back(field);
    return fields;
}

uint64_t
CsvFile::CountRows(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        return 0;
    }
    uint64_t lines = 0;
    std::string line;
    while (std::getline(in, line))
    {
        if (!line.empty())
        {
            ++lines;
        }
    }
    return lines > 0 ? lines - 1 : 0;
}

void
CsvFile::Append(const std::string& path, const Row& header, const std::vector<Row>& rows)
{
    std::string headerLine = Line(header);
    std::ostringstream content;
    std::ifstream in(path, std::ios::binary);
    if (in)
    {
        std::string first;
        std::getline(in, first);
        if (!first.empty() && first.back() == '\r')
        {
            first.pop_back();
        }
        if (!first.empty() && first != headerLine)
        {
            throw std::runtime_error(path + " has other columns than this program writes; "
                                            "use another output folder");
        }
        content << in.rdbuf();
        in.close();
        std::string existing = content.str();
        content.str("");
        content << headerLine << '\n' << existing;
        if (!existing.empty() && existing.back() != '\n')
        {
            content << '\n';
        }
    }
    else
    {
        content << headerLine << '\n';
    }
    for (const auto& row : rows)
    {
        content << Line(row) << '\n';
    }
    OutputFile::Replace(path, content.str());
}

} // namespace ns3
