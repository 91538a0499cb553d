import ArgumentParser
import Foundation
import TutorAstro
import TutorEngine
import TutorLessons

/// `tutor bench`: measures the recorder, the timeline's drawing, the light-curve pool, spawn
/// latency and the GIL demo, and prints the figures. It judges nothing: the targets are in the
/// README. Build with `-c release` for figures worth quoting.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the recorder, rendering, the light-curve pool, spawning, the GIL and watching CPython.",
        discussion: """
            Run as: swift run -c release tutor bench. Each figure is the median of repeated runs, \
            with min and max. --json prints one object of medians instead.
            """
    )

    @Option(parsing: .unconditional, help: "Worker processes for the parallel runs, 1 to 64; one per core unless given.")
    var processes: Int = PoolDemo.cores

    @Option(parsing: .unconditional, help: "Repetitions of each measurement.")
    var runs: Int = 5

    @Flag(help: "Fewer repetitions and smaller runs, for a quick look.")
    var quick = false

    @Flag(help: "Print one JSON object of the medians instead of the report.")
    var json = false

    @Option(help: "The Python whose observation is measured, looked up on PATH.")
    var python = "python3"

    /// The ranges, checked when the command runs: a usage error, one line, exit 2.
    private func checkRanges() throws {
        guard (1...64).contains(processes) else { throw UsageError("--processes must be an integer from 1 to 64, not '\(processes)'") }
        guard (1...1_000).contains(runs) else { throw UsageError("--runs must be an integer from 1 to 1000, not '\(runs)'") }
    }

    func run() throws {
        try checkRanges()
        let repetitions = quick ? 2 : runs
        var figures = BenchFigures()
        let report: (String) -> Void = { line in if !json { FileHandleOutput.standardOutput(line) } }

        let recorder = RecorderBench(eventsPerThread: quick ? 200_000 : 1_000_000)
        let one = try Samples.collect(repetitions) { try recorder.measure(threads: 1).nanosecondsPerEvent }
        var lost = 0
        let two = try Samples.collect(repetitions) {
            let measured = try recorder.measure(threads: 2)
            lost += measured.lost
            return measured.nanosecondsPerEvent
        }
        lost += try recorder.measure(threads: 1).lost
        report(one.line("recorder, 1 thread recording", "ns per event", format: "%.1f"))
        report(two.line("recorder, 2 threads recording", "ns per event", format: "%.1f"))
        report("recorder: \(lost) events lost")
        figures["recorder_ns_per_event_1"] = one.median
        figures["recorder_ns_per_event_2"] = two.median
        figures["events_lost"] = Double(lost)

        let render = try RenderBench(lessons: LessonFolder.load(nil), increments: 5_000)
            .measure(frames: quick ? 20 : 100)
        report(render.liveFrame.line("timeline frame, 200×60, live run of \(render.events) events", "µs", format: "%.0f"))
        report(render.finishedFrame.line("timeline frame, 200×60, finished run drawn afresh", "µs", format: "%.0f"))
        figures["render_us_per_frame"] = render.liveFrame.median
        figures["render_us_per_finished_frame"] = render.finishedFrame.median

        let bytes = try Samples.collect(quick ? 1 : 3) { try TerminalBytesBench(seconds: 2).measure() }
        report(bytes.map { $0 / 1_000 }.line("terminal output, 80×24, locks demo animating", "kB/s", format: "%.1f"))
        figures["terminal_bytes_per_second"] = bytes.median

        let files = try PeriodSearch.files([])
        let poolLoad = OtherLoad()
        let pool = try PoolBench(files: files, processes: processes).measure(runs: repetitions)
        // Wall-clock throughput: flagged when other programs held the cores meanwhile.
        let poolBusy = poolLoad.flag
        report("light curves: \(files.count) shipped samples, grid of \(FrequencyGrid.standard.count) frequencies")
        report(pool.kernel.map { Double(files.count) / $0 }.line("periodogram in this process, 1 thread", "curves/s", format: "%.1f") + poolBusy)
        let single = pool.single.map { Double(files.count) / $0 }, parallel = pool.parallel.map { Double(files.count) / $0 }
        report(single.line("pool, 1 process", "curves/s", format: "%.1f") + poolBusy)
        report(parallel.line("pool, \(processes) processes", "curves/s", format: "%.1f") + poolBusy)
        // Speed-up per process, from the medians printed just above.
        let efficiency = parallel.median / single.median / Double(processes)
        report(String(format: "parallel efficiency (speed-up / processes): %.2f", efficiency) + poolBusy)
        figures["pool_busy"] = poolBusy.isEmpty ? 0 : 1
        figures["curves_per_second_1"] = single.median
        figures["curves_per_second_n"] = parallel.median
        figures["pool_efficiency"] = efficiency

        let spawn = try SpawnBench().measure(runs: repetitions)
        report(spawn.threadMicroseconds.line("thread start", "µs", format: "%.0f"))
        report(spawn.processMilliseconds.line("worker process start (spawn to hello)", "ms", format: "%.1f"))
        figures["thread_spawn_us"] = spawn.threadMicroseconds.median
        figures["process_spawn_ms"] = spawn.processMilliseconds.median

        let gil = try GILBench(workers: processes, units: quick ? 500 : 2_000).measure(runs: repetitions)
        for (mode, label) in [("threads", "threads"), ("gil", "GIL threads"), ("processes", "processes")] {
            guard let measured = gil[mode] else { throw BenchError.demoFailed("gil") }
            figures["gil_left_out_\(mode)"] = Double(measured.leftOut)
            let busy = measured.leftOut == 0 ? "" : "; \(measured.leftOut) of \(max(1, repetitions)) runs left out: the machine was busy"
            if measured.speedUps.values.isEmpty {
                report("gil demo, \(processes) \(label): not measured: the machine was busy in every run")
            } else {
                report(measured.speedUps.line("gil demo, \(processes) \(label)", "× speed-up", format: "%.2f") + busy)
                figures["gil_speedup_\(mode)"] = measured.speedUps.median
            }
        }
        let observerLoad = OtherLoad()
        let observer = try ObserverBench(lessons: LessonFolder.load(nil), python: python).measure(runs: repetitions)
        let observerBusy = observerLoad.flag
        report(observer.microsecondsPerThreadSample.line("watching CPython: sampler CPU per thread sample", "µs", format: "%.1f"))
        report(observer.samplesPerSecond.line("watching CPython: samples per second", "", format: "%.0f"))
        report(observer.slowdown.line("watching CPython: the GIL lesson's block, observed ÷ plain wall time", "×", format: "%.2f")
               + observerBusy)
        figures["observer_busy"] = observerBusy.isEmpty ? 0 : 1
        figures["sampler_us_per_thread_sample"] = observer.microsecondsPerThreadSample.median
        figures["samples_per_second"] = observer.samplesPerSecond.median
        figures["probe_slowdown"] = observer.slowdown.median
        if json { FileHandleOutput.standardOutput(figures.json) }
    }
}
