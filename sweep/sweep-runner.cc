/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-runner.h"

#include "sweep-process.h"

#include "ns3/log.h"
#include "ns3/output-file.h"
#include "ns3/param-command-line.h"
#include "ns3/teardown-scenario.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <poll.h>
#include <sched.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TcpTeardownSweepRunner");

namespace
{
volatile sig_atomic_t g_stop = 0;

/** A frame on a worker's pipe: type, run index, three lengths, then the texts. */
const size_t HEADER_BYTES = 1 + 8 + 3 * 4;
const char FRAME_RUN = 'R';
const char FRAME_ERROR = 'E';

std::string
Frame(char type, uint64_t index, const std::string& a, const std::string& b, const std::string& c)
{
    std::string frame(HEADER_BYTES, '\0');
    frame[0] = type;
    std::memcpy(&frame[1], &index, 8);
    uint32_t lengths[3] = {static_cast<uint32_t>(a.size()),
                           static_cast<uint32_t>(b.size()),
                           static_cast<uint32_t>(c.size())};
    std::memcpy(&frame[9], lengths, 12);
    return frame + a + b + c;
}

/** A worker process as the parent sees it. */
struct Worker
{
    pid_t pid{-1};                 //!< its process
    int fd{-1};                    //!< read end of its pipe
    std::vector<uint64_t> indices; //!< its runs, in order
    size_t received{0};            //!< runs received
    std::string buffer;            //!< bytes not yet parsed
    std::string error;             //!< error frame text
    int status{0};                 //!< wait status
};
} // namespace

SweepRunner::SweepRunner(const SweepGrid& grid)
    : m_grid(grid)
{
}

void
SweepRunner::SetJobs(uint32_t jobs)
{
    m_jobs = jobs == 0 ? 1 : jobs;
}

void
SweepRunner::SetDetails(bool transitions, bool segments)
{
    m_transitions = transitions;
    m_segments = segments;
}

uint32_t
SweepRunner::AvailableCores()
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0)
    {
        return std::max(1, CPU_COUNT(&set));
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

void
SweepRunner::RequestStop()
{
    g_stop = 1;
}

bool
SweepRunner::StopRequested()
{
    return g_stop != 0;
}

RunRecord
SweepRunner::RunOne(const SweepGrid& grid, uint64_t runIndex, bool transitions, bool segments)
{
    TeardownScenario scenario(grid.RunParams(runIndex));
    scenario.SetKeepTransitions(transitions);
    scenario.SetKeepSegments(segments);
    return RunRecord::FromOutput(scenario.Run(runIndex), transitions, segments);
}

std::string
SweepRunner::Describe(uint64_t runIndex) const
{
    return "run " + std::to_string(runIndex) + " (to run it alone: " +
           ShellQuote(ParamCommandLine::CommandFor(m_grid.RunParams(runIndex))) + ")";
}

void
SweepRunner::Run(const std::vector<uint64_t>& indices, const Sink& sink, const Progress& progress)
{
    uint32_t jobs = std::min<uint64_t>(m_jobs, std::max<size_t>(indices.size(), 1));
    if (jobs <= 1)
    {
        RunHere(indices, sink, progress);
    }
    else
    {
        RunForked(indices, sink, progress);
    }
}

void
SweepRunner::RunHere(const std::vector<uint64_t>& indices,
                     const Sink& sink,
                     const Progress& progress)
{
    uint64_t finished = 0;
    for (uint64_t index : indices)
    {
        if (StopRequested())
        {
            throw Failure("stopped after " + std::to_string(finished) + " runs");
        }
        RunRecord record;
        try
        {
            record = RunOne(m_grid, index, m_transitions, m_segments);
        }
        catch (const std::exception& e)
        {
            throw Failure(Describe(index) + " failed: " + e.what());
        }
        sink({record});
        ++finished;
        if (progress)
        {
            progress(finished);
        }
    }
}

void
SweepRunner::WorkerMain(const std::vector<uint64_t>& indices, int fd, pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
    {
        _exit(1); // the parent died before the line above
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGPIPE, SIG_IGN);
    for (uint64_t index : indices)
    {
        RunRecord r;
        try
        {
            r = RunOne(m_grid, index, m_transitions, m_segments);
        }
        catch (const std::exception& e)
        {
            OutputFile::WriteFully(fd, Frame(FRAME_ERROR, index, e.what(), "", ""));
            _exit(2);
        }
        if (!OutputFile::WriteFully(fd, Frame(FRAME_RUN, index, r.run, r.transitions, r.segments)))
        {
            _exit(3); // the parent is gone
        }
    }
    _exit(0);
}

void
SweepRunner::RunForked(const std::vector<uint64_t>& indices,
                       const Sink& sink,
                       const Progress& progress)
{
    uint32_t jobs = std::min<uint64_t>(m_jobs, indices.size());
    std::vector<Worker> workers(jobs);
    for (size_t i = 0; i < indices.size(); ++i)
    {
        workers[i % jobs].indices.push_back(indices[i]);
    }
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    pid_t parent = getpid();
    for (auto& w : workers)
    {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
        {
            throw Failure(std::string("cannot create a pipe: ") + std::strerror(errno));
        }
        w.pid = fork();
        if (w.pid < 0)
        {
            throw Failure(std::string("cannot start a worker: ") + std::strerror(errno));
        }
        if (w.pid == 0)
        {
            close(fds[0]);
            for (const auto& other : workers)
            {
                if (other.fd >= 0)
                {
                    close(other.fd);
                }
            }
            WorkerMain(w.indices, fds[1], parent);
        }
        close(fds[1]);
        w.fd = fds[0];
    }

    std::vector<RunRecord> batch; // runs received and not yet handed to the sink
    uint64_t finished = 0;
    auto flush = [&]() {
        if (!batch.empty())
        {
            sink(batch);
            batch.clear();
        }
    };
    // parse whole frames; a frame cut short by a killed worker is not a run
    auto parse = [&](Worker& w) {
        while (w.buffer.size() >= HEADER_BYTES)
        {
            uint64_t index;
            uint32_t lengths[3];
            std::memcpy(&index, &w.buffer[1], 8);
            std::memcpy(lengths, &w.buffer[9], 12);
            size_t size = HEADER_BYTES + size_t(lengths[0]) + lengths[1] + lengths[2];
            if (w.buffer.size() < size)
            {
                return;
            }
            if (w.buffer[0] == FRAME_ERROR)
            {
                w.error = Describe(index) + " failed: " + w.buffer.substr(HEADER_BYTES, lengths[0]);
            }
            else
            {
                RunRecord r;
                r.runIndex = index;
                r.run = w.buffer.substr(HEADER_BYTES, lengths[0]);
                r.transitions = w.buffer.substr(HEADER_BYTES + lengths[0], lengths[1]);
                r.segments = w.buffer.substr(HEADER_BYTES + lengths[0] + lengths[1], lengths[2]);
                NS_ABORT_MSG_IF(w.received >= w.indices.size() || w.indices[w.received] != index,
                                "worker sent run " << index << " out of turn");
                ++w.received;
                ++finished;
                batch.push_back(std::move(r));
            }
            w.buffer.erase(0, size);
        }
    };
    auto readSome = [&](Worker& w) {
        char chunk[1 << 16];
        ssize_t n = read(w.fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
        {
            return;
        }
        if (n <= 0)
        {
            close(w.fd);
            w.fd = -1;
            while (waitpid(w.pid, &w.status, 0) < 0 && errno == EINTR)
            {
            }
            return;
        }
        w.buffer.append(chunk, n);
        parse(w);
    };

    bool stopped = false;
    try
    {
        while (true)
        {
            std::vector<pollfd> fds;
            std::vector<Worker*> polled;
            for (auto& w : workers)
            {
                if (w.fd >= 0)
                {
                    fds.push_back({w.fd, POLLIN, 0});
                    polled.push_back(&w);
                }
            }
            if (fds.empty())
            {
                break;
            }
            if (!stopped && StopRequested())
            {
                stopped = true; // keep what is in the pipes, then end
                for (auto& w : workers)
                {
                    kill(w.pid, SIGKILL);
                }
            }
            int ready = poll(fds.data(), fds.size(), 100);
            if (ready < 0 && errno != EINTR)
            {
                throw Failure(std::string("poll: ") + std::strerror(errno));
            }
            for (size_t i = 0; ready > 0 && i < fds.size(); ++i)
            {
                if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
                {
                    readSome(*polled[i]);
                }
            }
            flush(); // at once: a kill of this process loses only runs in progress
            if (progress)
            {
                progress(finished);
            }
        }
        flush();
        if (progress)
        {
            progress(finished);
        }
    }
    catch (...)
    {
        // the sink failed: end the workers before giving up
        for (auto& w : workers)
        {
            if (w.fd >= 0)
            {
                kill(w.pid, SIGKILL);
                close(w.fd);
                waitpid(w.pid, nullptr, 0);
            }
        }
        throw;
    }
    if (stopped)
    {
        throw Failure("stopped after " + std::to_string(finished) + " runs");
    }
    std::string failures;
    for (const auto& w : workers)
    {
        if (w.received == w.indices.size() && w.status == 0)
        {
            continue;
        }
        std::string why = w.error;
        if (why.empty())
        {
            uint64_t index = w.indices[std::min(w.received, w.indices.size() - 1)];
            why = Describe(index) + " failed: its worker " +
                  (WIFSIGNALED(w.status)
                       ? "was killed by signal " + std::to_string(WTERMSIG(w.status)) + " (" +
                             strsignal(WTERMSIG(w.status)) + ")"
                       : "exited with status " + std::to_string(WEXITSTATUS(w.status)));
        }
        failures += (failures.empty() ? "" : "\n") + why;
    }
    if (!failures.empty())
    {
        throw Failure(failures);
    }
}

} // namespace ns3
