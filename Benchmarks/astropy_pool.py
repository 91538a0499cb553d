"""The Python baseline for `tutor periods`: multiprocessing.Pool over light curves with
astropy's LombScargle, on the same files and frequency grid.

    python3 Benchmarks/astropy_pool.py [FOLDER] [--processes 2] [--runs 3]

Needs numpy and astropy (pip install astropy). Prints the median wall time of the runs and
each file's best period, so the two tools can be compared file by file.
"""
import argparse
import glob
import os
import statistics
import time
from multiprocessing import Pool

import numpy as np
from astropy.timeseries import LombScargle

FREQUENCY = np.linspace(0.05, 10, 20000)  # cycles/day, as tutor's default grid


def best_period(path):
    t, y, dy = np.loadtxt(path, comments="#", unpack=True)
    power = LombScargle(t, y, dy).power(FREQUENCY)  # astropy's defaults: method "auto"
    best = int(np.argmax(power))
    return os.path.basename(path), 1 / FREQUENCY[best], float(power[best])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default="Lessons/data/lightcurves")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(args.folder, "*.lc")))
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        with Pool(processes=args.processes) as pool:
            results = list(pool.imap_unordered(best_period, files))
        times.append(time.perf_counter() - start)
    for name, period, power in sorted(results):
        print(f"{name} {period:.6f} {power:.4f}")
    print(f"{len(files)} files, Pool({args.processes}): median {statistics.median(times):.3f} s "
          f"(min {min(times):.3f}, max {max(times):.3f})")


if __name__ == "__main__":
    main()
