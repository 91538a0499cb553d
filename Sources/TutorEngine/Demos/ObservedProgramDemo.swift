import Foundation

/// A real program run under observation (a student's Python script, a lesson's Python block,
/// any command): its threads and processes as lanes, from /proc and the Python probe. It runs
/// at its own speed, untraced, unless it is `stepped`: then each thread waits before every
/// line of the student's code for the pacer (the student's step, tutor's pace), as a native
/// demo's workers wait at their checkpoints. Cancelling ends its whole tree.
public struct ObservedProgramDemo: Demo {
    /// The id a lesson names one of its Python blocks by: `demo: python 2` is its second block.
    public static let lessonDemoID = "python"

    public let id = lessonDemoID
    public let title = "A real program, observed"
    public let parameters: [ParameterSpec] = []
    /// What every observed run measures (a question on a lesson's Python block compares these).
    public static let programMeasures = ["exit_status", "wall_seconds", "cpu_seconds", "cores_used", "max_running_at_once",
                                         "gil_wait_share", "printed_number", "samples_per_second",
                                         "sampler_us_per_thread_sample", "deadlocked", "cpu_wait_share"]
    /// The share of the time its threads were ready to run that they waited for a CPU other
    /// programs had, above which the machine counts as busy for this run.
    public static let busyWaitShare = 0.1
    /// What a busy machine distorts: the wall time and every figure made from it.
    public static let wallClockMeasures: Set<String> = ["wall_seconds", "cores_used", "max_running_at_once", "gil_wait_share"]
    public let measures = programMeasures
    /// `h` plots the number the block printed last: what a lesson's block is about (the
    /// updates a race lost, how often a thread was alive), which varies from run to run.
    /// The live view names a cycle of lock waits among the program's threads (`WaitForGraph`,
    /// from the probe's reports of every acquire and wait).
    public let watch = DemoWatch(histogram: "printed_number", deadlocks: true)
    public let coordinatorName: String? = nil
    /// The program and its arguments (`python3 script.py …`).
    public let command: [String]
    let captured: Bool
    /// Where it runs (a lesson's blocks, beside the `Lessons` folder); tutor's own if nil.
    let workingDirectory: String?
    /// Whether its lines wait for the pacer (`LineGate`).
    public let stepped: Bool

    /// - Parameter captured: the program's output goes to the recording (the app) rather than
    ///   straight to tutor's own standard output (`tutor run`).
    /// - Parameter stepped: every line of the student's code waits for the pacer; tracing
    ///   slows the program, so a run that measures is never stepped.
    public init(command: [String], captured: Bool, workingDirectory: String? = nil, stepped: Bool = false) {
        self.command = command
        self.captured = captured
        self.workingDirectory = workingDirectory
        self.stepped = stepped
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let program = ObservedProgram(context: context, command: command, output: captured ? .captured : .inherited,
                                      workingDirectory: workingDirectory, stepped: stepped)
        let summary = try program.run()
        let wall = Double(summary.wall) / 1e9, cpu = Double(summary.cpu) / 1e9
        var values: [String: Double] = [
            "exit_status": Double(summary.exitStatus), "wall_seconds": wall, "cpu_seconds": cpu,
            "cores_used": wall > 0 ? cpu / wall : 0, "max_running_at_once": Double(summary.mostRunning),
            "gil_wait_share": summary.gilWaitShare, "samples_per_second": wall > 0 ? Double(summary.samples) / wall : 0,
            "sampler_us_per_thread_sample": summary.samplerNanosecondsPerThreadSample / 1e3,
        ]
        if let number = summary.lastPrinted.flatMap(Self.lastNumber) { values["printed_number"] = number }
        // Measured, not guessed from the load average: each thread's own wait for a CPU.
        let waited = Double(summary.cpuWait) / 1e9
        let waitShare = cpu + waited > 0 ? waited / (cpu + waited) : 0
        values["cpu_wait_share"] = waitShare
        // Stepped, its wall time is how long the student took: no speed, busy machine or not.
        // Busy: its threads waited for a CPU, and other programs were using the CPUs (waits
        // among its own threads alone, more of them than CPUs, are the program's own doing).
        let busy = !stepped && waitShare > Self.busyWaitShare && summary.othersShare > OtherLoad.busyShare
        let caution = stepped ? "stepped at your pace: its wall time is how long you took, not the program's speed"
            : busy ? String(format: "a busy machine: other programs used %.0f%% of the CPUs and its threads waited %.2f s for one "
                            + "(%.0f%% of their ready time), so its wall-clock figures are not judged",
                            summary.othersShare * 100, waited, waitShare * 100) : nil
        let recording = context.recorder.snapshot()
        let deadlock = WaitForGraph.firstDeadlock(in: recording)
        values["deadlocked"] = deadlock == nil ? 0 : 1
        let gil: String
        if summary.freeThreaded {
            gil = "a free-threaded Python: there is no GIL to wait for"
        } else if summary.sawPythonRuntime {
            gil = String(format: "threads waited for the GIL %.0f%% of the time they wanted to run", summary.gilWaitShare * 100)
        } else {
            gil = "not a CPython tutor can read (no _PyRuntime found), so waits for the GIL are not told apart"
        }
        let result = (summary.pythonVersion.map { "Python \($0) " } ?? "") + "exited with status \(summary.exitStatus); "
            + String(format: "cores used %.2f on average (CPU %.2f s ÷ wall %.2f s); ", values["cores_used"] ?? 0, cpu, wall)
            + "at most \(summary.mostRunning) computing at once; " + gil
            + (deadlock.map { "; " + $0.description(in: recording) } ?? "")
            + (summary.endedDeadlocked
                ? "; tutor ended it after its threads stood deadlocked for \(ObservedProgram.deadlockGrace / 1_000_000_000) s" : "")
            + (stepped ? " [at your pace]" : busy ? " [busy]" : "")
        let flagged = Self.flagged(stepped: stepped, busy: busy, mostRunning: summary.mostRunning, mostWanting: summary.mostWanting)
        return DemoOutcome(result: result, values: values, alert: deadlock.map { $0.description(in: recording) },
                           unreliable: flagged, caution: caution)
    }

    /// The figures a run cannot vouch for: at the student's pace, every wall-clock figure; on a
    /// busy machine, those too, except the most computing at once when no more threads ever
    /// wanted a CPU at once than computed at once (load can only hide parallelism, so then it
    /// is what the program did).
    static func flagged(stepped: Bool, busy: Bool, mostRunning: Int, mostWanting: Int) -> Set<String> {
        if stepped { return wallClockMeasures }
        guard busy else { return [] }
        return wallClockMeasures.subtracting(mostWanting <= mostRunning ? ["max_running_at_once"] : [])
    }

    /// The last number in a printed line ("Counter: 3998" gives 3998).
    static func lastNumber(_ line: String) -> Double? {
        let pattern = try? NSRegularExpression(pattern: "-?[0-9]+(\\.[0-9]+)?")
        let range = NSRange(line.startIndex..., in: line)
        guard let match = pattern?.matches(in: line, range: range).last, let found = Range(match.range, in: line) else { return nil }
        return Double(line[found])
    }
}
