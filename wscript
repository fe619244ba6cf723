# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# SPDX-License-Identifier: GPL-2.0-only
#
# Build description for waf-era ns-3 trees (ns-3 <= 3.35), with the module in
# contrib/tcp-teardown. CMake-era trees (>= 3.36) and standalone builds use
# CMakeLists.txt instead. With GCC >= 12, configure ns-3.35 with
#   ./waf configure --enable-examples --enable-tests --disable-werror
# model/tcp-teardown-compat.h covers the API differences; it needs
# TCP_TEARDOWN_NS3_VERSION (100 * major + minor), read here from the tree's
# VERSION file.

import os

from waflib import Errors

# ns-3 modules this one links against; keep in step with CMakeLists.txt.
NS3_DEPENDENCIES = ['core', 'network', 'internet', 'point-to-point', 'applications']


def configure(conf):
    # Optional JSON output: nlohmann/json is header-only, so finding the
    # header is enough.
    have_json = True
    try:
        conf.find_file('nlohmann/json.hpp', ['/usr/include', '/usr/local/include'])
    except Errors.ConfigurationError:
        have_json = False
    conf.env['TCP_TEARDOWN_HAVE_JSON'] = have_json
    conf.msg('tcp-teardown: nlohmann/json.hpp', have_json)

    # The tree's version, e.g. 3.35 -> 335, for model/tcp-teardown-compat.h.
    version_node = conf.srcnode.find_node('VERSION')
    if version_node is None:
        conf.fatal('tcp-teardown: no VERSION file at the top of the ns-3 tree')
    major, minor = version_node.read().strip().split('.')[:2]
    conf.env['TCP_TEARDOWN_NS3_VERSION'] = int(major) * 100 + int(''.join(c for c in minor if c.isdigit()))
    conf.msg('tcp-teardown: TCP_TEARDOWN_NS3_VERSION', conf.env['TCP_TEARDOWN_NS3_VERSION'])


def _relative_paths(bld, pattern):
    """The files matching pattern, as paths relative to this folder, sorted."""
    return sorted(node.path_from(bld.path) for node in bld.path.ant_glob(pattern))


def _add_json_define(bld, task_generator):
    task_generator.env.append_value(
        'DEFINES', ['TCP_TEARDOWN_NS3_VERSION=%d' % bld.env['TCP_TEARDOWN_NS3_VERSION']])
    if bld.env['TCP_TEARDOWN_HAVE_JSON']:
        task_generator.env.append_value('DEFINES', ['TCP_TEARDOWN_HAVE_JSON=1'])


def build(bld):
    module = bld.create_ns3_module('tcp-teardown', NS3_DEPENDENCIES)
    module.source = _relative_paths(bld, 'model/*.cc helper/*.cc')
    _add_json_define(bld, module)

    headers = bld(features='ns3header')
    headers.module = 'tcp-teardown'
    headers.source = _relative_paths(bld, 'model/*.h helper/*.h sweep/*.h')

    # The sweep engine (sweep/) needs nlohmann JSON and stays out of the
    # module library: its sources are built into the programs and the test
    # library that use it.
    sweep_sources = _relative_paths(bld, 'sweep/*.cc') if bld.env['TCP_TEARDOWN_HAVE_JSON'] else []
    sweep_programs = ['tcp-teardown-sweep', 'tcp-teardown-bench']

    test_sources = _relative_paths(bld, 'test/*.cc')
    if not sweep_sources:
        test_sources = [t for t in test_sources if not t.endswith('sweep-test-suite.cc')]
    if test_sources:
        module_test = bld.create_ns3_module_test_library('tcp-teardown')
        module_test.source = test_sources + sweep_sources
        if sweep_sources:
            module_test.uselib = 'GSL'
            module_test.env.append_value('LIB', ['gsl', 'gslcblas'])
        _add_json_define(bld, module_test)

    # Every examples/<name>.cc is a program called <name> (./waf --run <name>).
    if bld.env['ENABLE_EXAMPLES']:
        for source in _relative_paths(bld, 'examples/*.cc'):
            name = os.path.splitext(os.path.basename(source))[0]
            if name in sweep_programs and not sweep_sources:
                continue
            program = bld.create_ns3_program(name, ['tcp-teardown'] + NS3_DEPENDENCIES)
            program.source = [source] + (sweep_sources if name in sweep_programs else [])
            if name in sweep_programs:
                program.env.append_value('LIB', ['gsl', 'gslcblas'])
            _add_json_define(bld, program)
