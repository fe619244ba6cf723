#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build and test the module inside ns-3 source trees:
#
#   scripts/check-ns3-trees.sh [-j JOBS] [-l LOG_DIR] TREE...
#
# For each TREE (an ns-3 source tree, waf-era <= 3.35 or CMake-era >= 3.36):
#  1. copies this module into TREE/contrib/tcp-teardown (a copy without .git
#     and build folders, replacing any earlier copy; never a symlink);
#  2. configures with only the modules the module needs (it pulls its
#     dependencies; CMake trees also get csma, which their test-runner needs),
#     plus tests and examples: ./ns3 configure or ./waf configure;
#  3. builds;
#  4. runs ./test.py -n -s SUITE for every test suite the module's sources
#     define (TestSuite("...") and TableSuite("...") in test/);
#  5. runs every program of examples/ once, briefly (in CMake trees the
#     program tcp-teardown is tcp-teardown-example: see
#     examples/CMakeLists.txt); a tree without the sweep engine (no nlohmann
#     JSON) has no tcp-teardown-sweep and tcp-teardown-bench, which then count
#     as failed.
# Then it prints a table version x configure / build / tests / example and
# exits 1 if any cell failed. Logs of every step go to LOG_DIR/<version>/
# (default: /tmp/tcp-teardown-ns3-check-<UTC time>).
#
# The interpreter is /usr/bin/python3 (Debian's), or $PYTHON. ns-3 builds are
# slow: JOBS defaults to 2, and every step runs under nice -n 10.
set -uo pipefail

module_dir=$(cd "$(dirname "$0")/.." && pwd)
jobs=2
log_root=/tmp/tcp-teardown-ns3-check-$(date -u +%Y%m%dT%H%M%SZ)
python=${PYTHON:-/usr/bin/python3}
msl=0.5

usage()
{
    sed -n '4,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

while getopts "j:l:h" opt; do
    case $opt in
    j) jobs=$OPTARG ;;
    l) log_root=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage

# The suites, from the sources (not a list kept by hand).
mapfile -t suites < <(grep -ohE '(TestSuite|TableSuite)\("[^"]+"' "$module_dir"/test/*.cc \
    "$module_dir"/test/*.h 2>/dev/null | sed -E 's/.*\("([^"]+)"/\1/' | sort -u)
if [ ${#suites[@]} -eq 0 ]; then
    echo "check-ns3-trees: no test suites found in $module_dir/test" >&2
    exit 2
fi

# The programs, from examples/ (one per .cc), each with brief arguments.
mapfile -t programs < <(cd "$module_dir/examples" && ls -- *.cc | sed 's/\.cc$//')
declare -A program_args=(
    [tcp-teardown]="--msl=$msl"
    [close-variants]=""
    [tcp-teardown-check]="--cases=300 --quiet"
    [tcp-teardown-sweep]="--variant=four-way,three-way --loss=0,0.1 --runs=3 --jobs=1 --quiet --outputDir=@OUT@"
    [tcp-teardown-bench]="--only=bare --onlyRuns=50"
    [tcp-teardown-busy]="--strategy=client-close --lambda=200 --duration=3 --msl=0.5 --outputDir=@OUT@"
    [tcp-teardown-busy-bench]="--sizes=1000"
)
for program in "${programs[@]}"; do
    if [ -z "${program_args[$program]+set}" ]; then
        echo "check-ns3-trees: no arguments known for examples/$program.cc" >&2
        exit 2
    fi
done

mkdir -p "$log_root"
echo "check-ns3-trees: logs in $log_root"
echo "check-ns3-trees: programs: ${programs[*]}"
echo "check-ns3-trees: suites: ${suites[*]}"

rows=()
failed=0

# run LOG CMD...: run CMD in the tree, niced, output to LOG; its status.
run()
{
    local log=$1
    shift
    echo "+ $*" >"$log"
    (cd "$tree" && nice -n 10 "$@") >>"$log" 2>&1
    local rc=$?
    echo "exit status $rc" >>"$log"
    return $rc
}

for tree_arg in "$@"; do
    tree=$(cd "$tree_arg" 2>/dev/null && pwd)
    version=unknown
    [ -n "$tree" ] && [ -f "$tree/VERSION" ] && version=$(head -n1 "$tree/VERSION")
    name=ns-$version
    logs=$log_root/$name
    mkdir -p "$logs"
    configure=FAIL build=skip tests=skip example=skip

    if [ -z "$tree" ] || [ ! -f "$tree/VERSION" ]; then
        echo "$tree_arg: not an ns-3 source tree (no VERSION)" >"$logs/configure.log"
        rows+=("$tree_arg|FAIL|skip|skip|skip")
        failed=1
        continue
    fi
    if [ -f "$tree/ns3" ]; then
        system=cmake
    elif [ -f "$tree/waf" ]; then
        system=waf
    else
        echo "$tree: neither ./ns3 nor ./waf" >"$logs/configure.log"
        rows+=("$name ($tree)|FAIL|skip|skip|skip")
        failed=1
        continue
    fi
    echo "== $name ($system): $tree"

    # 1. Copy the module (tar keeps modification times: unchanged files are
    # not rebuilt).
    dest=$tree/contrib/tcp-teardown
    if [ -L "$dest" ]; then
        rm -f "$dest"
    fi
    rm -rf "$dest"
    mkdir -p "$dest"
    tar -C "$module_dir" --exclude=./.git --exclude=./build --exclude='./build-*' \
        --exclude=./results --exclude=./out --exclude=__pycache__ --exclude=.pytest_cache \
        -cf - . | tar -x -C "$dest" || {
        echo "copy into $dest failed" >"$logs/copy.log"
        rows+=("$name|FAIL (copy)|skip|skip|skip")
        failed=1
        continue
    }

    # 2. Configure.
    if [ "$system" = cmake ]; then
        run "$logs/configure.log" "$python" ./ns3 configure \
            --enable-modules="tcp-teardown;csma" --enable-tests --enable-examples &&
            configure=pass
    else
        run "$logs/configure.log" "$python" ./waf configure --enable-examples --enable-tests \
            --disable-werror --enable-modules=tcp-teardown && configure=pass
    fi

    # 3. Build.
    if [ "$configure" = pass ]; then
        build=FAIL
        if [ "$system" = cmake ]; then
            run "$logs/build.log" cmake --build cmake-cache -j "$jobs" && build=pass
        else
            run "$logs/build.log" "$python" ./waf build -j "$jobs" && build=pass
        fi
    fi

    # 4. Test suites.
    if [ "$build" = pass ]; then
        passed=0
        failures=()
        for suite in "${suites[@]}"; do
            log=$logs/test-$suite.log
            # test.py colours its verdicts: compare without escape sequences
            if run "$log" "$python" ./test.py -n -s "$suite" &&
                sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -qE "PASS: TestSuite $suite\s*\$"; then
                passed=$((passed + 1))
            else
                failures+=("$suite")
            fi
        done
        if [ ${#failures[@]} -eq 0 ]; then
            tests="pass ($passed/${#suites[@]})"
        else
            tests="FAIL ($passed/${#suites[@]}; ${failures[*]})"
        fi
    fi

    # 5. Every program once.
    if [ "$build" = pass ]; then
        ran=0
        failures=()
        for program in "${programs[@]}"; do
            args=${program_args[$program]}
            args=${args//@OUT@/$logs/out-$program}
            target=$program
            if [ "$system" = cmake ] && [ "$program" = tcp-teardown ]; then
                target=tcp-teardown-example
            fi
            log=$logs/example-$program.log
            if [ "$system" = cmake ]; then
                run "$log" "$python" ./ns3 run --no-build "$target $args"
            else
                run "$log" "$python" ./waf --run "$target $args"
            fi && ran=$((ran + 1)) || failures+=("$program")
        done
        if [ ${#failures[@]} -eq 0 ]; then
            example="pass ($ran/${#programs[@]})"
        else
            example="FAIL ($ran/${#programs[@]}; ${failures[*]})"
        fi
    fi

    rows+=("$name ($system)|$configure|$build|$tests|$example")
    case "$configure $build $tests $example" in
    *FAIL* | *skip*) failed=1 ;;
    esac
done

echo
printf '%-18s | %-9s | %-9s | %-40s | %s\n' version configure build tests programs
printf '%-18s-+-%-9s-+-%-9s-+-%-40s-+-%s\n' ------------------ --------- --------- \
    ---------------------------------------- -------
for row in "${rows[@]}"; do
    IFS='|' read -r v c b t e <<<"$row"
    printf '%-18s | %-9s | %-9s | %-40s | %s\n' "$v" "$c" "$b" "$t" "$e"
done
echo "logs: $log_root"
exit $failed
