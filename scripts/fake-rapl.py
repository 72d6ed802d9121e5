#!/usr/bin/env python3
"""Writes a fake Linux powercap (RAPL) tree and keeps its energy counters moving at fixed power.

Usage: fake-rapl.py ROOT [--package-watts 60] [--dram-watts 10] [--seconds S] [--ready-file FILE]

The tree has one package zone (intel-rapl:0, "package-0") with a DRAM sub-zone (intel-rapl:0:0, "dram"),
in the nested layout. Counters start 30 J below the wrap range, so that they wrap soon after the start, and
are rewritten every 20 ms from the monotonic clock: the energy between two readings is watts x the monotonic
time between them, however fast the machine, give or take 20 ms of staleness. They move until the process is
killed, or for S seconds with --seconds. With --ready-file, FILE is created once every file of the tree has
been written (so a caller waits for an event, not for a guessed time).

This is the one fake powercap tree of the end-to-end scripts (scripts/rapl-e2e.sh uses it); the Java tests
build theirs with FakePowercapTree.
"""
import argparse
import os
import time

RANGE_UJ = 262_143_328_850


def write(path, text):
    """Rewrites the file in place (same inode, as sysfs attributes are), padded so no old digit survives."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        os.pwrite(fd, text.ljust(24).encode(), 0)
    finally:
        os.close(fd)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("--package-watts", type=float, default=60.0)
    p.add_argument("--dram-watts", type=float, default=10.0)
    p.add_argument("--seconds", type=float, default=None,
                   help="stop moving the counters after this many seconds (default: until killed)")
    p.add_argument("--ready-file", default=None, help="created once the whole tree has been written")
    a = p.parse_args()
    pkg = os.path.join(a.root, "intel-rapl:0")
    dram = os.path.join(pkg, "intel-rapl:0:0")
    os.makedirs(dram, exist_ok=True)
    for zone, name in ((pkg, "package-0"), (dram, "dram")):
        write(os.path.join(zone, "name"), name + "\n")
        write(os.path.join(zone, "max_energy_range_uj"), f"{RANGE_UJ}\n")
    start_uj = RANGE_UJ - 30_000_000
    ready = False
    t0 = time.monotonic()
    while True:
        elapsed = time.monotonic() - t0
        for zone, watts in ((pkg, a.package_watts), (dram, a.dram_watts)):
            value = (start_uj + int(elapsed * watts * 1e6)) % (RANGE_UJ + 1)
            write(os.path.join(zone, "energy_uj"), f"{value}\n")
        if a.ready_file and not ready:
            with open(a.ready_file, "w") as f:
                f.write(f"{os.getpid()}\n")
            ready = True
        if a.seconds is not None and elapsed > a.seconds:
            break
        time.sleep(0.02)


if __name__ == "__main__":
    main()
