/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-process.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{

int
RunProgram(const std::vector<std::string>& argv, std::string* output, bool quiet)
{
    std::vector<char*> args;
    for (const auto& a : argv)
    {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    int pipeFds[2] = {-1, -1};
    if (output && pipe2(pipeFds, O_CLOEXEC) != 0)
    {
        return 127;
    }
    pid_t pid = fork();
    if (pid < 0)
    {
        return 127;
    }
    if (pid == 0)
    {
        if (output)
        {
            dup2(pipeFds[1], STDOUT_FILENO);
        }
        if (quiet)
        {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDERR_FILENO);
        }
        execvp(args[0], args.data());
        _exit(127);
    }
    if (output)
    {
        close(pipeFds[1]);
        output->clear();
        char buffer[4096];
        ssize_t n;
        while ((n = read(pipeFds[0], buffer, sizeof(buffer))) != 0)
        {
            if (n < 0 && errno == EINTR)
            {
                continue;
            }
            if (n < 0)
            {
                break;
            }
            output->append(buffer, n);
        }
        close(pipeFds[0]);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    if (WIFSIGNALED(status))
    {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

std::string
ShellQuote(const std::vector<std::string>& argv)
{
    std::string line;
    for (const auto& a : argv)
    {
        bool plain = !a.empty() &&
                     a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
                                         "OPQRSTUVWXYZ0123456789-_./=:,+@%") == std::string::npos;
        std::string quoted;
        if (plain)
        {
            quoted = a;
        }
        else
        {
            quoted = "'";
            for (char c : a)
            {
                quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
            }
            quoted += "'";
        }
        line += (line.empty() ? "" : " ") + quoted;
    }
    return line;
}

} // namespace ns3
