/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-folder.h"

#include "sweep-process.h"

#include "ns3/csv-file.h"
#include "ns3/log.h"
#include "ns3/output-file.h"
#include "ns3/param-schema.h"
#include "ns3/run-result.h"
#include "ns3/run-writer.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSweepFolder");

const std::string SweepFolder::RUNS = "runs.csv";
const std::string SweepFolder::TRANSITIONS = "transitions.csv";
const std::string SweepFolder::SEGMENTS = "segments.csv";
const std::string SweepFolder::META = "meta.json";
const std::string SweepFolder::SUMMARY = "summary.csv";

namespace
{
const std::string COMMIT_MARKER = ".commit";

std::string
SystemError(const std::string& what, const std::string& path)
{
    return what + " " + path + ": " + std::strerror(errno);
}

/** Read a whole file; false if it does not exist. */
bool
ReadWholeFile(const std::string& path, std::string& content)
{
    return OutputFile::Read(path, content);
}

/** Write all or throw. */
void
WriteAll(int fd, const std::string& data, const std::string& path)
{
    if (!OutputFile::WriteFully(fd, data))
    {
        throw SweepFolder::Error(SystemError("cannot write", path));
    }
}

bool
Exists(const std::string& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

/** The run index at the start of a line; false if there is none. */
bool
LeadingIndex(const std::string& line, size_t begin, uint64_t& index)
{
    index = 0;
    size_t i = begin;
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9' && i - begin < 19; ++i)
    {
        index = index * 10 + (line[i] - '0');
    }
    return i > begin && i < line.size() && line[i] == ',';
}

/** The parameter fields a run of the grid has in runs.csv (the values read
 *  back after setup aside: they depend on the configuration, not the grid). */
class ExpectedParams
{
  public:
    explicit ExpectedParams(const SweepGrid& grid)
        : m_grid(grid)
    {
        const auto& specs = RunResult::ColumnSpecs();
        for (size_t i = 0; i < specs.size(); ++i)
        {
            bool requested = specs[i].role == "parameter";
            for (const ParamSpec& p : ParamSchema::Parameters())
            {
                requested = requested && !(p.Column() == specs[i].name && p.readBack);
            }
            if (requested || specs[i].name == "rng_seed" || specs[i].name == "rng_run")
            {
                m_columns.push_back(i);
            }
        }
    }

    /** \return the run's parameter fields, joined as CSV */
    std::string Key(uint64_t runIndex) const
    {
        RunResult r;
        r.params = m_grid.RunParams(runIndex);
        std::vector<std::string> fields;
        for (size_t i : m_columns)
        {
            fields.push_back(RunResult::ColumnSpecs()[i].value(r));
        }
        return CsvFile::Line(fields);
    }

    /** \return the parameter fields of a row, joined as CSV */
    std::string KeyOf(const std::vector<std::string>& row) const
    {
        std::vector<std::string> fields;
        for (size_t i : m_columns)
        {
            fields.push_back(row[i]);
        }
        return CsvFile::Line(fields);
    }

  private:
    const SweepGrid& m_grid;       //!< the grid
    std::vector<size_t> m_columns; //!< the columns compared
};

} // namespace

SweepFolder::SweepFolder(const std::string& dir)
    : m_dir(dir)
{
}

SweepFolder::~SweepFolder()
{
    Sync();
    CloseAppend();
}

std::string
SweepFolder::Path(const std::string& name) const
{
    return m_dir + "/" + name;
}

const std::string&
SweepFolder::GetDir() const
{
    return m_dir;
}

std::string
SweepFolder::RunsHeader()
{
    return CsvFile::Line(RunResult::Columns()) + '\n';
}

std::vector<std::pair<std::string, std::vector<std::string>>>
SweepFolder::DetailFiles(const SweepIdentity& identity)
{
    std::vector<std::pair<std::string, std::vector<std::string>>> files;
    if (identity.transitions)
    {
        files.emplace_back(TRANSITIONS, RunWriter::TransitionColumns());
    }
    if (identity.segments)
    {
        files.emplace_back(SEGMENTS, RunWriter::SegmentColumns());
    }
    return files;
}

void
SweepFolder::Commit(const std::map<std::string, std::string>& files)
{
    std::string names;
    for (const auto& f : files)
    {
        OutputFile::WriteSynced(Path(f.first + ".new"), f.second);
        names += f.first + '\n';
    }
    OutputFile::Replace(Path(COMMIT_MARKER), names); // the commit point
    RecoverCommit();
}

void
SweepFolder::RecoverCommit()
{
    std::string names;
    if (ReadWholeFile(Path(COMMIT_MARKER), names))
    {
        size_t begin = 0;
        while (begin < names.size())
        {
            size_t end = names.find('\n', begin);
            std::string name = names.substr(begin, end - begin);
            begin = end + 1;
            if (Exists(Path(name + ".new")) &&
                rename(Path(name + ".new").c_str(), Path(name).c_str()) != 0)
            {
                throw Error(SystemError("cannot replace", Path(name)));
            }
        }
        OutputFile::SyncFolder(m_dir);
        unlink(Path(COMMIT_MARKER).c_str());
        OutputFile::SyncFolder(m_dir);
    }
    for (const std::string& name : {RUNS, TRANSITIONS, SEGMENTS, META})
    {
        unlink(Path(name + ".new").c_str()); // staged by a commit that never happened
        unlink(Path(name + ".tmp").c_str());
    }
}

std::vector<SweepFolder::Row>
SweepFolder::ReadRuns(const std::string& path, const SweepIdentity& identity, size_t& tornBytes)
{
    tornBytes = 0;
    std::string content;
    if (!ReadWholeFile(path, content))
    {
        return {};
    }
    std::string header = RunsHeader();
    if (content.compare(0, header.size(), header) != 0)
    {
        throw Error(path + " has other columns than this program writes (another version of "
                           "tcp-teardown, or not a sweep's file); use another --outputDir");
    }
    size_t columns = RunResult::Columns().size();
    uint64_t total = identity.grid.GetRunCount();
    ExpectedParams expected(identity.grid);
    std::vector<Row> rows;
    std::vector<bool> seen(total, false);
    size_t begin = header.size();
    for (uint64_t lineNumber = 2; begin < content.size(); ++lineNumber)
    {
        size_t end = content.find('\n', begin);
        if (end == std::string::npos)
        {
            tornBytes = content.size() - begin; // a write cut short: never a finished run
            break;
        }
        std::string line = content.substr(begin, end - begin);
        begin = end + 1;
        std::string where = path + " line " + std::to_string(lineNumber);
        CsvFile::Row fields = CsvFile::Split(line);
        uint64_t index;
        if (fields.size() != columns || !LeadingIndex(line, 0, index))
        {
            throw Error(where + " is damaged (" + std::to_string(fields.size()) +
                        " fields, expected " + std::to_string(columns) + ")");
        }
        if (index >= total || !identity.InShare(index))
        {
            throw Error(where + ": run_index " + std::to_string(index) +
                        " is not part of this sweep");
        }
        if (expected.KeyOf(fields) != expected.Key(index))
        {
            throw Error(where + ": run " + std::to_string(index) +
                        " has other parameters than the sweep's grid gives it (" +
                        expected.KeyOf(fields) + " instead of " + expected.Key(index) + ")");
        }
        if (seen[index])
        {
            throw Error(where + ": run " + std::to_string(index) + " is there twice");
        }
        seen[index] = true;
        rows.emplace_back(index, line + '\n');
    }
    return rows;
}

std::map<uint64_t, std::string>
SweepFolder::ReadDetails(const std::string& path, const std::vector<std::string>& header)
{
    std::map<uint64_t, std::string> lines;
    std::string content;
    if (!ReadWholeFile(path, content))
    {
        return lines;
    }
    std::string headerLine = CsvFile::Line(header) + '\n';
    if (content.compare(0, headerLine.size(), headerLine) != 0)
    {
        throw Error(path + " has other columns than this program writes; use another --outputDir");
    }
    size_t begin = headerLine.size();
    while (begin < content.size())
    {
        size_t end = content.find('\n', begin);
        uint64_t index;
        if (end == std::string::npos)
        {
            break; // torn last line
        }
        if (!LeadingIndex(content, begin, index))
        {
            throw Error(path + " is damaged near byte " + std::to_string(begin));
        }
        lines[index].append(content, begin, end + 1 - begin);
        begin = end + 1;
    }
    return lines;
}

void
SweepFolder::Open(SweepMeta& meta, bool extend)
{
    const SweepIdentity& wanted = meta.GetIdentity();
    try
    {
        OutputFile::PrepareDirectory(m_dir);
    }
    catch (const std::runtime_error& e)
    {
        throw Error(e.what());
    }
    m_lock = std::make_unique<FolderLock>(m_dir, false);
    RecoverCommit();

    std::string metaText;
    if (ReadWholeFile(Path(META), metaText))
    {
        nlohmann::ordered_json previous;
        SweepIdentity old;
        try
        {
            previous = nlohmann::ordered_json::parse(metaText);
            old = SweepMeta::IdentityOf(previous);
        }
        catch (const std::exception& e)
        {
            throw Error(Path(META) + " cannot be used: " + std::string(e.what()) +
                        "; use another --outputDir");
        }
        if (old.shardIndex != wanted.shardIndex || old.shardCount != wanted.shardCount)
        {
            throw Error("the folder holds shard " + std::to_string(old.shardIndex) + "/" +
                        std::to_string(old.shardCount) + ", not " +
                        std::to_string(wanted.shardIndex) + "/" +
                        std::to_string(wanted.shardCount) + "; use another --outputDir");
        }
        if (old.transitions != wanted.transitions || old.segments != wanted.segments)
        {
            throw Error(std::string("the folder's sweep was run ") +
                        (old.transitions ? "with" : "without") + " --transitions and " +
                        (old.segments ? "with" : "without") +
                        " --segments; give the same, or use another --outputDir");
        }
        if (!old.configuration.is_null() && old.configuration != wanted.configuration)
        {
            std::string differs;
            for (const auto& item : wanted.configuration.items())
            {
                if (differs.empty() &&
                    old.configuration.value(item.key(), nlohmann::ordered_json()) != item.value())
                {
                    differs = item.key() + " " +
                              old.configuration.value(item.key(), nlohmann::ordered_json()).dump() +
                              " vs " + item.value().dump();
                }
            }
            throw Error("the folder's runs had another configuration (" +
                        (differs.empty() ? std::string("attributes differ") : differs) +
                        "); give the same --ns3:: settings, or use another --outputDir");
        }
        meta.KeepHistory(previous);
        SweepIdentity adjusted = wanted;
        if (old.grid.SameValues(wanted.grid))
        {
            adjusted.grid.AdoptHistory(old.grid); // a resume of an extended sweep
        }
        else if (!extend)
        {
            throw Error("the folder holds another sweep (" + old.grid.Difference(wanted.grid) +
                        "); rerun with --extend to add this grid's missing runs to it, "
                        "or use another --outputDir");
        }
        else
        {
            try
            {
                adjusted.grid.Extend(old.grid); // old runs keep their indices
            }
            catch (const GridValueError& e)
            {
                throw Error(std::string(e.what()) + "; use another --outputDir");
            }
            unlink(Path(SUMMARY).c_str()); // it summarised the old grid
        }
        meta.SetIdentity(adjusted);
    }
    else if (Exists(Path(RUNS)))
    {
        throw Error(Path(RUNS) + " exists but " + Path(META) +
                    " does not: the folder holds results that are not a sweep's "
                    "(e.g. tcp-teardown --outputDir); use another --outputDir");
    }
    m_identity = meta.GetIdentity();
    bool fresh = !Exists(Path(RUNS));
    if (!fresh)
    {
        LoadRuns(); // checks every row before anything is written
    }
    WriteMeta(meta);
    if (fresh)
    {
        OutputFile::Replace(Path(RUNS), RunsHeader());
        LoadRuns();
    }
    for (const auto& file : DetailFiles(m_identity))
    {
        RecoverDetails(file.first, file.second);
    }
    OpenAppend();
}

void
SweepFolder::LoadRuns()
{
    size_t torn;
    std::vector<Row> rows = ReadRuns(Path(RUNS), m_identity, torn);
    if (torn > 0)
    {
        struct stat st;
        if (stat(Path(RUNS).c_str(), &st) != 0 ||
            truncate(Path(RUNS).c_str(), st.st_size - torn) != 0)
        {
            throw Error(SystemError("cannot repair", Path(RUNS)));
        }
    }
    m_done.assign(m_identity.grid.GetRunCount(), false);
    m_doneCount = 0;
    for (const auto& row : rows)
    {
        m_done[row.first] = true;
        ++m_doneCount;
    }
}

void
SweepFolder::RecoverDetails(const std::string& name, const std::vector<std::string>& header)
{
    std::string headerLine = CsvFile::Line(header) + '\n';
    std::string content;
    if (!ReadWholeFile(Path(name), content))
    {
        OutputFile::Replace(Path(name), headerLine);
        return;
    }
    if (content.compare(0, headerLine.size(), headerLine) != 0)
    {
        throw Error(Path(name) + " has other columns than this program writes; use another "
                                 "--outputDir");
    }
    // keep up to the last whole line of a run that is done: what follows are
    // the details of a batch whose runs.csv lines were never written
    size_t keep = content.size();
    while (keep > headerLine.size())
    {
        if (content[keep - 1] != '\n')
        {
            keep = content.rfind('\n', keep - 1) + 1; // torn last line
            continue;
        }
        size_t lineStart = content.rfind('\n', keep - 2) + 1;
        uint64_t index;
        if (LeadingIndex(content, lineStart, index) && index < m_done.size() && m_done[index])
        {
            break;
        }
        keep = lineStart;
    }
    if (keep < content.size() && truncate(Path(name).c_str(), keep) != 0)
    {
        throw Error(SystemError("cannot repair", Path(name)));
    }
}

void
SweepFolder::OpenAppend()
{
    std::vector<std::string> names = {RUNS};
    for (const auto& file : DetailFiles(m_identity))
    {
        names.push_back(file.first);
    }
    for (const auto& name : names)
    {
        int fd = open(Path(name).c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        if (fd < 0)
        {
            throw Error(SystemError("cannot write", Path(name)));
        }
        m_appendFds[name] = fd;
    }
}

void
SweepFolder::CloseAppend()
{
    for (const auto& fd : m_appendFds)
    {
        close(fd.second);
    }
    m_appendFds.clear();
}

std::vector<uint64_t>
SweepFolder::Missing() const
{
    std::vector<uint64_t> missing;
    for (uint64_t i = m_identity.shardIndex; i < m_done.size(); i += m_identity.shardCount)
    {
        if (!m_done[i])
        {
            missing.push_back(i);
        }
    }
    return missing;
}

uint64_t
SweepFolder::GetDoneCount() const
{
    return m_doneCount;
}

bool
SweepFolder::IsComplete() const
{
    return m_doneCount == m_identity.ShareSize();
}

bool
SweepFolder::IsDone(uint64_t runIndex) const
{
    return runIndex < m_done.size() && m_done[runIndex];
}

void
SweepFolder::Append(const std::vector<RunRecord>& records)
{
    if (records.empty())
    {
        return;
    }
    std::string runs;
    std::string transitions;
    std::string segments;
    for (const auto& r : records)
    {
        NS_ABORT_MSG_IF(r.runIndex >= m_done.size() || m_done[r.runIndex] ||
                            !m_identity.InShare(r.runIndex),
                        "run " << r.runIndex << " is not a missing run of this share");
        runs += r.run;
        transitions += r.transitions;
        segments += r.segments;
    }
    // details first, then the lines that mark the runs as done
    for (const auto& detail :
         {std::make_pair(TRANSITIONS, &transitions), std::make_pair(SEGMENTS, &segments)})
    {
        auto fd = m_appendFds.find(detail.first);
        if (fd != m_appendFds.end() && !detail.second->empty())
        {
            WriteAll(fd->second, *detail.second, Path(detail.first));
        }
    }
    WriteAll(m_appendFds.at(RUNS), runs, Path(RUNS));
    if (std::chrono::steady_clock::now() - m_lastSync > std::chrono::milliseconds(250))
    {
        Sync();
    }
    for (const auto& r : records)
    {
        m_done[r.runIndex] = true;
        ++m_doneCount;
    }
}

void
SweepFolder::Sync()
{
    for (const std::string& name : {TRANSITIONS, SEGMENTS, RUNS})
    {
        auto fd = m_appendFds.find(name);
        if (fd != m_appendFds.end())
        {
            fdatasync(fd->second);
        }
    }
    m_lastSync = std::chrono::steady_clock::now();
}

void
SweepFolder::Finish()
{
    NS_ABORT_MSG_UNLESS(IsComplete(), "Finish() before every run is done");
    size_t torn;
    std::vector<Row> rows = ReadRuns(Path(RUNS), m_identity, torn);
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.first < b.first;
    });
    std::map<std::string, std::string> files;
    std::string& runs = files[RUNS];
    runs = RunsHeader();
    for (const auto& row : rows)
    {
        runs += row.second;
    }
    for (const auto& file : DetailFiles(m_identity))
    {
        std::string& content = files[file.first];
        content = CsvFile::Line(file.second) + '\n';
        for (const auto& lines : ReadDetails(Path(file.first), file.second))
        {
            content += lines.second;
        }
    }
    CloseAppend();
    Commit(files);
    OpenAppend();
}

void
SweepFolder::WriteMeta(const SweepMeta& meta)
{
    OutputFile::Replace(Path(META), meta.ToJson().dump(2) + '\n');
}

std::vector<RunRecord>
SweepFolder::ReadRecords(const std::string& dir, SweepIdentity& identity)
{
    std::string metaText;
    if (!ReadWholeFile(dir + "/" + META, metaText))
    {
        throw Error(dir + " holds no " + META + ": not a sweep folder");
    }
    try
    {
        identity = SweepMeta::IdentityOf(nlohmann::ordered_json::parse(metaText));
    }
    catch (const std::exception& e)
    {
        throw Error(dir + "/" + META + " cannot be used: " + e.what());
    }
    size_t torn;
    std::vector<Row> rows = ReadRuns(dir + "/" + RUNS, identity, torn);
    std::vector<RunRecord> records(rows.size());
    std::map<uint64_t, size_t> position;
    for (size_t i = 0; i < rows.size(); ++i)
    {
        records[i].runIndex = rows[i].first;
        records[i].run = rows[i].second;
        position[rows[i].first] = i;
    }
    for (const auto& file : DetailFiles(identity))
    {
        for (auto& lines : ReadDetails(dir + "/" + file.first, file.second))
        {
            auto found = position.find(lines.first);
            if (found != position.end())
            {
                (file.first == TRANSITIONS ? records[found->second].transitions
                                           : records[found->second].segments) =
                    std::move(lines.second);
            }
        }
    }
    return records;
}

} // namespace ns3
