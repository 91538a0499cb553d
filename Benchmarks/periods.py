"""Times `tutor periods` against the Python period searches an astronomer would use, in one run,
on the same files and the same frequency grid, interleaved and repeated.

Competitors: nifty-ls (1 thread, and its default), astropy's LombScargle (`fast`, the default in
astropy 8; `fast` with the Press & Rybicki "fasper" algorithm; the exact `cython`), and the
course's own `multiprocessing.Pool(2)` with astropy. Workloads: (a) the 48 sample curves on the
standard grid (0.05-10 c/d, 20,000 frequencies); (b) one curve each of 10^3, 10^4 and 10^5 points
on 2*10^4, 2*10^5 and 2*10^6 frequencies.

Every timing includes reading the files (np.loadtxt for Python, tutor's own reader), since
reading is part of a period search's cost; tutor's also includes starting its process and its
worker process, Python's not the interpreter's start. Figures are medians over the repeats, with
the min-max spread; the order of the methods turns each repeat, so no method always runs first.
Agreement is against astropy's exact `cython` method where it can run in time (same best grid
index; largest power difference at the peak); where it cannot, the exact power at each method's
own peak is compared, which says whose peak is higher.

Run it with Benchmarks/run (which makes a virtual environment with the competitors).
"""

import argparse
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

FMIN, FMAX = 0.05, 10.0


def machine():
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {platform.system()} {platform.release()}"


def load(path):
    t, y, dy = np.loadtxt(path, unpack=True)
    return t, y, dy


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def index_of(frequency, nfreq):
    return int(round((frequency - FMIN) / ((FMAX - FMIN) / (nfreq - 1))))


# ---- the methods: each takes (files, nfreq) and returns [(best index, power at it)] -----------

def tutor(executable, processes):
    def run(files, nfreq):
        output = subprocess.run(
            [executable, "periods", *files, "--json", "--processes", str(processes), "--nfreq", str(nfreq)],
            check=True, capture_output=True, text=True).stdout
        by_file = {record["file"]: record for record in json.loads(output)}
        return [(index_of(by_file[f]["peaks"][0]["frequency"], nfreq), by_file[f]["power"]) for f in files]
    return run


def nifty(threads):
    import nifty_ls

    def run(files, nfreq):
        results = []
        for path in files:
            t, y, dy = load(path)
            power = nifty_ls.lombscargle(t, y, dy, fmin=FMIN, fmax=FMAX, Nf=nfreq, nthreads=threads).power
            best = int(np.argmax(power))
            results.append((best, float(power[best])))
        return results
    return run


def astropy_power(t, y, dy, nfreq, method, kwds=None):
    from astropy.timeseries import LombScargle
    frequency = np.linspace(FMIN, FMAX, nfreq)
    return LombScargle(t, y, dy).power(frequency, method=method, method_kwds=kwds, assume_regular_frequency=True)


def astropy_method(method, kwds=None):
    def run(files, nfreq):
        results = []
        for path in files:
            power = astropy_power(*load(path), nfreq, method, kwds)
            best = int(np.argmax(power))
            results.append((best, float(power[best])))
        return results
    return run


def _course_task(arguments):
    path, nfreq = arguments
    power = astropy_power(*load(path), nfreq, "auto")
    best = int(np.argmax(power))
    return best, float(power[best])


def course_pool(files, nfreq):
    with multiprocessing.Pool(2) as pool:
        return pool.map(_course_task, [(f, nfreq) for f in files])


def exact_power(path, nfreq, index):
    """astropy's exact power at one grid index (a grid of one frequency)."""
    t, y, dy = load(path)
    from astropy.timeseries import LombScargle
    frequency = FMIN + index * (FMAX - FMIN) / (nfreq - 1)
    return float(LombScargle(t, y, dy).power(np.array([frequency]), method="cython")[0])


# ---- measuring -------------------------------------------------------------------------------

def measure(run, files, nfreq):
    wall, cpu, child = time.perf_counter(), time.process_time(), children_cpu()
    results = run(files, nfreq)
    return (time.perf_counter() - wall, (time.process_time() - cpu) + (children_cpu() - child), results)


def workload(title, files, nfreq, methods, repeats, reference=None):
    """Times `methods` (name -> run) interleaved; returns {name: (walls, cpus, results)}."""
    print(f"\n## {title}: {len(files)} file{'s' if len(files) > 1 else ''}, {nfreq:,} frequencies, {repeats} repeats")
    figures = {name: ([], [], None) for name in methods}
    names = list(methods)
    for repeat in range(repeats):
        order = names[repeat % len(names):] + names[:repeat % len(names)]
        for name in order:
            wall, cpu, results = measure(methods[name], files, nfreq)
            figures[name][0].append(wall)
            figures[name][1].append(cpu)
            figures[name] = (figures[name][0], figures[name][1], results)
    if reference:
        name, run = reference
        wall, cpu, results = measure(run, files, nfreq)
        figures[name] = ([wall], [cpu], results)
    return figures


def report(figures, baseline, files, nfreq, reference):
    base = statistics.median(figures[baseline][0])
    print(f"{'method':34} {'wall s (median, min-max)':>26} {'CPU s':>8} {'vs ' + baseline:>16}")
    for name, (walls, cpus, _) in figures.items():
        median = statistics.median(walls)
        spread = f"{median:8.3f} ({min(walls):.3f}-{max(walls):.3f})"
        ratio = f"{median / base:6.2f}x its time" if name != baseline else ""
        runs = "" if len(walls) > 1 else "  (1 run)"
        print(f"{name:34} {spread:>26} {statistics.median(cpus):8.3f} {ratio:>16}{runs}")
    if reference in figures:
        truth = figures[reference][2]
        print(f"agreement with {reference} (same best grid index; largest |power difference| at the peak):")
        for name, (_, _, results) in figures.items():
            if name == reference:
                continue
            same = sum(1 for (i, _), (j, _) in zip(results, truth) if i == j)
            worst = max(abs(p - q) for (_, p), (_, q) in zip(results, truth))
            print(f"  {name:32} {same}/{len(truth)} same index, largest power difference {worst:.1e}")
    else:
        print("exact power (astropy cython, one frequency) at each method's peak:")
        for name, (_, _, results) in figures.items():
            index = results[0][0]
            print(f"  {name:32} index {index:>9,}  reported {results[0][1]:.12f}  exact {exact_power(files[0], nfreq, index):.12f}")


def make_curve(folder, points, seed):
    rng = np.random.default_rng(seed)
    t = np.sort(rng.uniform(0, 2000, points))
    y = 12 + 0.1 * np.sin(2 * np.pi * t / 3.77) + rng.normal(0, 0.05, points)
    dy = 0.05 + rng.uniform(0, 0.01, points)
    path = os.path.join(folder, f"n{points}.lc")
    np.savetxt(path, np.c_[t, y, dy], fmt="%.10f")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tutor", default=".build/release/tutor")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", default="Lessons/data/lightcurves")
    args = parser.parse_args()
    import astropy
    import nifty_ls
    cpus = len(os.sched_getaffinity(0))
    print(f"# tutor periods against nifty-ls {nifty_ls.__version__} and astropy {astropy.__version__}")
    print(f"machine: {machine()}; load average before: {os.getloadavg()[0]:.2f}")

    files = sorted(os.path.join(args.samples, f) for f in os.listdir(args.samples) if f.endswith(".lc"))
    methods = {
        "tutor periods, 1 process": tutor(args.tutor, 1),
        f"tutor periods, {cpus} processes": tutor(args.tutor, cpus),
        "nifty-ls, 1 thread": nifty(1),
        "nifty-ls, default threads": nifty(None),
        "astropy fast (default, LRA)": astropy_method("fast"),
        "astropy fast, fasper": astropy_method("fast", {"algorithm": "fasper"}),
        "course: Pool(2) + astropy": course_pool,
    }
    reference = "astropy cython (exact)"
    figures = workload("(a) the course's 48 curves", files, 20_000, methods, args.repeats,
                       reference=(reference, astropy_method("cython")))
    report(figures, "tutor periods, 1 process", files, 20_000, reference)
    one = statistics.median(figures["tutor periods, 1 process"][0])
    many = statistics.median(figures[f"tutor periods, {cpus} processes"][0])
    print(f"parallel efficiency of tutor on {cpus} processes: {one / (cpus * many):.2f} "
          "(starting the processes is a large part of so short a run)")
    with tempfile.TemporaryDirectory() as folder:
        # The same curves ten times over, where the work, not the start, sets the time.
        many_files = []
        for copy in range(10):
            for path in files:
                many_files.append(os.path.join(folder, f"{copy}_{os.path.basename(path)}"))
                os.symlink(os.path.abspath(path), many_files[-1])
        larger = workload("(a) ten times over", many_files, 20_000,
                          {"tutor periods, 1 process": tutor(args.tutor, 1),
                           f"tutor periods, {cpus} processes": tutor(args.tutor, cpus)}, args.repeats)
        walls = [statistics.median(larger[name][0]) for name in larger]
        print(f"parallel efficiency of tutor on {cpus} processes, {len(many_files)} curves: {walls[0] / (cpus * walls[1]):.2f}")
    single = {name: figures[name] for name in ("tutor periods, 1 process", "nifty-ls, 1 thread")}
    a_ratio = statistics.median(single["nifty-ls, 1 thread"][0]) / one

    ratios = [a_ratio]
    with tempfile.TemporaryDirectory() as folder:
        for points, nfreq in ((1_000, 20_000), (10_000, 200_000), (100_000, 2_000_000)):
            path = make_curve(folder, points, seed=points)
            methods = {
                "tutor periods, 1 process": tutor(args.tutor, 1),
                "nifty-ls, 1 thread": nifty(1),
                "nifty-ls, default threads": nifty(None),
                "astropy fast, fasper": astropy_method("fast", {"algorithm": "fasper"}),
            }
            if points * nfreq <= 2e8:
                methods["astropy fast (default, LRA)"] = astropy_method("fast")
            exact = (reference, astropy_method("cython")) if points * nfreq <= 2e8 else None
            figures = workload(f"(b) one curve of {points:,} points", [path], nfreq, methods,
                               max(2, args.repeats - 2), reference=exact)
            if exact is None:
                print(f"(astropy cython and LRA left out: {points * nfreq:.0e} point-frequencies would take minutes)")
            report(figures, "tutor periods, 1 process", [path], nfreq, reference)
            ratios.append(statistics.median(figures["nifty-ls, 1 thread"][0])
                          / statistics.median(figures["tutor periods, 1 process"][0]))
    print(f"\ntutor, 1 process, is {ratios[0]:.2f}x as fast as nifty-ls on 1 thread on (a), "
          + ", ".join(f"{r:.2f}x" for r in ratios[1:]) + " on (b)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
