/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-meta.h"

#include "sweep-process.h"

#include "ns3/effective-config.h"
#include "ns3/result-schema.h"
#include "ns3/teardown-scenario.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

#if __has_include("ns3/version-defines.h")
#include "ns3/version-defines.h"
#endif

namespace ns3
{

bool
SweepIdentity::InShare(uint64_t runIndex) const
{
    return runIndex % shardCount == shardIndex;
}

uint64_t
SweepIdentity::ShareSize() const
{
    uint64_t total = grid.GetRunCount();
    return total / shardCount + (shardIndex < total % shardCount ? 1 : 0);
}

SweepMeta::SweepMeta(const SweepIdentity& identity, const std::string& commandLine, uint32_t jobs)
    : m_identity(identity),
      m_history(nlohmann::ordered_json::array())
{
    m_this = {{"command_line", commandLine},
              {"host", Host()},
              {"jobs", jobs},
              {"start_time", Now()},
              {"end_time", nullptr},
              {"runs_executed", 0}};
    m_firstStart = m_this["start_time"];
    m_firstCommand = commandLine;
}

const SweepIdentity&
SweepMeta::GetIdentity() const
{
    return m_identity;
}

void
SweepMeta::SetIdentity(const SweepIdentity& identity)
{
    m_identity = identity;
}

void
SweepMeta::KeepHistory(const nlohmann::ordered_json& previous)
{
    if (previous.contains("invocations") && previous["invocations"].is_array())
    {
        m_history = previous["invocations"];
    }
    if (!m_history.empty())
    {
        m_firstStart = m_history[0].value("start_time", m_firstStart);
        m_firstCommand = m_history[0].value("command_line", m_firstCommand);
    }
}

void
SweepMeta::SetEnd(uint64_t runsExecuted, bool complete)
{
    m_this["end_time"] = Now();
    m_this["runs_executed"] = runsExecuted;
    m_complete = complete;
}

nlohmann::ordered_json
SweepMeta::ToJson() const
{
    const SweepIdentity& id = m_identity;
    nlohmann::ordered_json invocations = m_history;
    invocations.push_back(m_this);
    std::string source = SourceDir();
    std::string revision = source.empty() ? "" : GitRevision(source);
    return {
        {"module", "tcp-teardown"},
        {"module_version", ModuleVersion()},
        {"ns3_version", Ns3Version()},
        {"git_revision",
         revision.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(revision)},
        {"command_line", m_firstCommand},
        {"host", Host()},
        {"start_time", m_firstStart},
        {"end_time", m_this["end_time"]},
        {"complete", m_complete},
        {"grid", id.grid.ToJson()},
        {"points", id.grid.GetPointCount()},
        {"runs_total", id.grid.GetRunCount()},
        {"shard", {{"index", id.shardIndex}, {"count", id.shardCount}}},
        {"runs_in_share", id.ShareSize()},
        {"outputs", {{"transitions", id.transitions}, {"segments", id.segments}}},
        {"configuration", id.configuration},
        {"schema", nlohmann::ordered_json::parse(ResultSchema::Json())},
        {"run_index", "point_index * runs + replication (first grid key varies slowest)"},
        {"rng_run", "rngRunBase + replication"},
        {"invocations", invocations},
    };
}

nlohmann::ordered_json
SweepMeta::Configuration(const SweepGrid& grid)
{
    nlohmann::ordered_json config = nlohmann::ordered_json::object();
    for (const auto& item : TeardownScenario::ReadConfiguration(grid.RunParams(0)))
    {
        config[item.first] = item.second;
    }
    config["ns3_overrides"] = EffectiveConfig::Overrides();
    return config;
}

SweepIdentity
SweepMeta::IdentityOf(const nlohmann::ordered_json& json)
{
    if (!json.is_object() || json.value("module", "") != "tcp-teardown" || !json.contains("grid"))
    {
        throw std::runtime_error("it is not the meta.json of a tcp-teardown sweep");
    }
    SweepIdentity id;
    try
    {
        id.grid = SweepGrid::FromJson(json["grid"]);
        id.shardIndex = json.at("shard").at("index").get<uint64_t>();
        id.shardCount = json.at("shard").at("count").get<uint64_t>();
        id.transitions = json.at("outputs").at("transitions").get<bool>();
        id.segments = json.at("outputs").at("segments").get<bool>();
        id.configuration = json.value("configuration", nlohmann::ordered_json(nullptr));
    }
    catch (const std::exception& e)
    {
        throw std::runtime_error(std::string("its sweep description is damaged: ") + e.what());
    }
    return id;
}

std::string
SweepMeta::ModuleVersion()
{
    return ResultSchema::ModuleVersion();
}

std::string
SweepMeta::Ns3Version()
{
    return ResultSchema::Ns3Version();
}

std::string
SweepMeta::Now()
{
    std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return text;
}

std::string
SweepMeta::Host()
{
    char name[256] = {};
    gethostname(name, sizeof(name) - 1);
    return name;
}

std::string
SweepMeta::GitRevision(const std::string& dir)
{
    static std::string cachedDir;
    static std::string cached;
    if (dir == cachedDir)
    {
        return cached;
    }
    std::string head;
    std::string status;
    if (RunProgram({"git", "-C", dir, "rev-parse", "HEAD"}, &head, true) != 0)
    {
        head.clear();
    }
    while (!head.empty() && (head.back() == '\n' || head.back() == '\r'))
    {
        head.pop_back();
    }
    if (!head.empty() &&
        RunProgram({"git", "-C", dir, "status", "--porcelain", "--untracked-files=no"},
                   &status,
                   true) == 0 &&
        !status.empty())
    {
        head += "-dirty";
    }
    cachedDir = dir;
    cached = head;
    return head;
}

std::string
SweepMeta::SourceDir()
{
    namespace fs = std::filesystem;
    auto isSource = [](const fs::path& dir) {
        std::error_code ec;
        return fs::exists(dir / "sweep" / "sweep-grid.h", ec);
    };
    if (const char* env = std::getenv("TCP_TEARDOWN_SOURCE_DIR"))
    {
        return env;
    }
#ifdef TCP_TEARDOWN_SOURCE_DIR
    if (isSource(TCP_TEARDOWN_SOURCE_DIR))
    {
        return TCP_TEARDOWN_SOURCE_DIR;
    }
#endif
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
    {
        return "";
    }
    for (fs::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path())
    {
        if (isSource(dir))
        {
            return dir.string();
        }
        if (isSource(dir / "contrib" / "tcp-teardown"))
        {
            return (dir / "contrib" / "tcp-teardown").string();
        }
        if (dir == dir.root_path())
        {
            break;
        }
    }
    return "";
}

} // namespace ns3
