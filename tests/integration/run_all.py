#!/usr/bin/env python3
"""Runs localiam's integration suite: the real binary, driven by the real clients.

    python3 tests/integration/run_all.py --binary build/localiam [-k PATTERN] [--clients boto3,cli_v2] [--jobs N]

ctest runs it with --binary. Exits non-zero on any failure, and when AWS CLI v2 or
boto3 is missing (script/bootstrap installs both; --allow-missing-clients skips them
instead). AWS CLI v1 runs when an `aws` v1 is on PATH and is skipped otherwise.

Each CLI invocation costs about a second, so with --jobs above 1 (the default is the
number of CPUs, at most 3) every client's tests run in a child process of their own,
in parallel; the tests that need no client (raw HTTP, :memory:) run with boto3's.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from support import clients, config  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=config.BINARY, help="the localiam server (default: %(default)s)")
    parser.add_argument("--clients", help="comma-separated subset of: " + ", ".join(clients.ORDER))
    parser.add_argument("-k", dest="patterns", action="append",
                        help="only run tests whose name contains this (fnmatch patterns allowed); repeatable")
    parser.add_argument("--exclude", dest="excludes", action="append", metavar="PATTERN",
                        help="leave out tests whose id (module.Class.test) contains this; repeatable")
    parser.add_argument("--allow-missing-clients", action="store_true",
                        help="skip, rather than fail on, a missing AWS CLI v2 or boto3")
    parser.add_argument("--keep-tmp", action="store_true", help="keep server logs and data files")
    parser.add_argument("-q", "--quiet", action="store_true", help="less output")
    parser.add_argument("-j", "--jobs", type=int, default=min(3, os.cpu_count() or 1),
                        help="clients tested in parallel (default: %(default)s)")
    parser.add_argument("--common", choices=("yes", "no", "only"), default="yes",
                        help=argparse.SUPPRESS)  # used by the parallel runner for its children
    args = parser.parse_args()

    config.BINARY = os.path.abspath(args.binary)
    config.KEEP_TMP = config.KEEP_TMP or args.keep_tmp
    if args.clients:
        config.ONLY_CLIENTS = {c.strip() for c in args.clients.split(",") if c.strip()}
        unknown = config.ONLY_CLIENTS - set(clients.ORDER)
        if unknown:
            parser.error(f"unknown client(s): {', '.join(sorted(unknown))}")
    config.clean_environment()
    # A SIGTERM (ctest timeout) unwinds through atexit, which kills the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    print(f"integration: server binary {config.BINARY}")
    if not os.path.exists(config.BINARY):
        print(f"integration: FAILED: {config.BINARY} does not exist (build it: cmake --build build)")
        return 2

    drivers, notes = clients.discover()
    missing_required = []
    for name in clients.ORDER:
        if name in drivers:
            d = drivers[name]
            where = f" at {d.executable}" if d.kind == "cli" else ""
            selected = config.ONLY_CLIENTS is None or name in config.ONLY_CLIENTS
            print(f"integration: client {name}: {d.version}{where}" + ("" if selected else " (not selected)"))
        else:
            print(f"integration: client {name}: SKIPPED: {notes[name]}")
            if name in clients.REQUIRED:
                missing_required.append(name)
    if missing_required and not args.allow_missing_clients:
        print(f"integration: FAILED: required client(s) missing: {', '.join(missing_required)} "
              "(script/bootstrap installs awscli and python3-boto3; --allow-missing-clients to skip)")
        return 2

    selected = [d.name for d in clients.available()]
    if args.jobs > 1 and len(selected) > 1:
        return run_parallel(args, selected)

    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = [p if any(c in p for c in "*?[") else f"*{p}*" for p in args.patterns]
    suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    if args.common != "yes":
        suite = filter_suite(suite, keep_common=args.common == "only")
    if args.excludes:
        suite = exclude_from_suite(suite, args.excludes)
    started = time.monotonic()
    result = unittest.TextTestRunner(verbosity=1 if args.quiet else 2, stream=sys.stdout).run(suite)
    elapsed = time.monotonic() - started

    for d in clients.available():
        if d.stats.calls:
            print(f"integration: {d.name}: {d.stats.calls} calls, {d.stats.seconds:.1f} s")
    print(f"integration: {result.testsRun} tests in {elapsed:.1f} s, "
          f"{len(result.failures)} failures, {len(result.errors)} errors, {len(result.skipped)} skipped")
    if result.testsRun == 0:
        print("integration: FAILED: no tests ran")
        return 1
    return 0 if result.wasSuccessful() else 1


def exclude_from_suite(suite, patterns):
    """Drops the tests whose id (module.Class.test) contains one of `patterns`."""
    kept = unittest.TestSuite()
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            sub = exclude_from_suite(item, patterns)
            if sub.countTestCases():
                kept.addTest(sub)
        elif not any(p in item.id() for p in patterns):
            kept.addTest(item)
    return kept


def filter_suite(suite, keep_common):
    """Keeps only the tests that need no client (keep_common) or only those that do."""
    kept = unittest.TestSuite()
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            sub = filter_suite(item, keep_common)
            if sub.countTestCases():
                kept.addTest(sub)
        elif (getattr(type(item), "driver", None) is None) == keep_common:
            kept.addTest(item)
    return kept


def run_parallel(args, selected):
    """One child run_all.py per client, at most args.jobs at a time, slowest first; the
    client-free tests go with boto3 (or the last client). Prints each child's output
    whole when it ends."""
    order = sorted(selected, key=lambda n: n == "boto3")  # CLIs first: they take longest
    common_with = "boto3" if "boto3" in order else order[-1]
    pending = list(order)
    running = {}
    failed = []
    started = time.monotonic()
    print(f"integration: running {', '.join(order)} in parallel ({args.jobs} at a time)", flush=True)
    while pending or running:
        while pending and len(running) < args.jobs:
            name = pending.pop(0)
            argv = [sys.executable, os.path.abspath(__file__), "--binary", config.BINARY,
                    "--clients", name, "--jobs", "1", "--allow-missing-clients",
                    "--common", "yes" if name == common_with else "no"]
            for p in args.patterns or []:
                argv += ["-k", p]
            for p in args.excludes or []:
                argv += ["--exclude", p]
            if args.keep_tmp:
                argv.append("--keep-tmp")
            if args.quiet:
                argv.append("--quiet")
            log = open(os.path.join(config.tmp_root(), f"run-{name}.log"), "w+b")
            running[name] = (subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT), log,
                             time.monotonic())
        time.sleep(0.2)
        for name, (proc, log, t0) in list(running.items()):
            if proc.poll() is None:
                continue
            del running[name]
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
            log.close()
            print(f"\n===== {name}: exit {proc.returncode} after {time.monotonic() - t0:.1f} s =====")
            print(output, flush=True)
            if proc.returncode != 0:
                failed.append(name)
    print(f"integration: all clients done in {time.monotonic() - started:.1f} s; "
          + (f"FAILED: {', '.join(failed)}" if failed else "all passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
