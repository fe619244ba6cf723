/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TCP_TEARDOWN_SWEEP_PROCESS_H
#define TCP_TEARDOWN_SWEEP_PROCESS_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * \brief Run a program and wait for it (no shell: arguments are passed as they are).
 * \param argv the program (looked up in PATH) and its arguments
 * \param output if not null, receives the program's standard output
 * \param quiet discard the program's standard error
 * \return its exit status, 128 + signal number if a signal ended it, 127 if
 *         it could not be started
 */
int RunProgram(const std::vector<std::string>& argv, std::string* output, bool quiet = false);

/**
 * \ingroup tcp-teardown
 * \param argv arguments
 * \return them as one line a POSIX shell reads back as the same arguments
 */
std::string ShellQuote(const std::vector<std::string>& argv);

} // namespace ns3

#endif /* TCP_TEARDOWN_SWEEP_PROCESS_H */
