import Foundation
import TutorAstro
import TutorWorkloads

/// `gil`: the same CPU-bound work (periodogram units) run three ways: on threads, on threads
/// that must hold a simulated global interpreter lock to compute (as CPython's threads do), and
/// on processes. Each way runs first with one worker, then with N, and reports the speed-up
/// N × T(1) / T(N). Threads and processes approach min(cores, N)×; GIL threads stay near 1×.
public struct GILDemo: Demo {
    public let id = "gil"
    public let title = "The GIL: threads, GIL-threads and processes on CPU-bound work"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("workers", .integer(1...16), default: .integer(2), "workers per run"),
        ParameterSpec("mode", .choice(["threads", "gil", "processes", "all"]), default: .choice("all"),
                      "which ways to run the work"),
        ParameterSpec("units", .integer(1...100_000), default: .integer(2_000),
                      "work units per worker (a fraction of a millisecond each)"),
    ]

    public let measures = ["threads", "gil", "processes"].flatMap {
        ["speedup_\($0)", "seconds_one_\($0)", "seconds_many_\($0)", "cores_used_\($0)", "computing_at_once_\($0)"]
    } + ["busy"]
    public let watch = DemoWatch(histogram: "speedup_threads")

    public init() {}

    enum Mode: String, CaseIterable {
        case threads
        case gil
        case processes

        var label: String {
            switch self {
            case .threads: "threads"
            case .gil: "GIL threads"
            case .processes: "processes"
            }
        }

        /// How its workers are named: "thread alone", then "thread 1 of 2", "thread 2 of 2".
        var workerName: String {
            switch self {
            case .threads: "thread"
            case .gil: "gil thread"
            case .processes: "process"
            }
        }

        func name(_ index: Int, of count: Int, alone: Bool) -> String {
            alone ? "\(workerName) alone" : "\(workerName) \(index) of \(count)"
        }
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let workers = context.parameters.integer("workers")
        let units = context.parameters.integer("units")
        let chosen = context.parameters.choice("mode")
        let modes = chosen == "all" ? Mode.allCases : Mode.allCases.filter { $0.rawValue == chosen }
        var values: [String: Double] = [:]
        var lines: [String] = [], crowded: [String] = [], unreliable: Set<String> = []
        for mode in modes {
            let single = try measured(mode, workers: 1, units: units, context, alone: true)
            let many = try measured(mode, workers: workers, units: units, context, alone: false)
            let speedUp = many.wall > 0 ? Double(workers) * single.wall / many.wall : 0
            let key = mode.rawValue
            values["speedup_\(key)"] = speedUp
            values["seconds_one_\(key)"] = single.wall
            values["seconds_many_\(key)"] = many.wall
            values["cores_used_\(key)"] = many.coresUsed
            values["computing_at_once_\(key)"] = Double(many.atOnce)
            var line = "\(mode.label): 1 worker \(String(format: "%.2f", single.wall)) s, \(workers) workers "
                + "\(String(format: "%.2f", many.wall)) s, speed-up \(String(format: "%.2f", speedUp))x; "
                + "cores used \(String(format: "%.2f", many.coresUsed)), up to \(many.atOnce) computing at once"
            // A speed-up above the workers that computed at once (more than 1x with never two
            // computing together, more than 2x on two cores) is impossible: load slowed the
            // one-worker run. A crowded run's times measure the machine, not the way.
            let impossible = speedUp > Double(max(1, min(many.atOnce, many.usableCPUs))) * 1.15
            let lowest = single.cpuShare <= many.cpuShare ? single : many
            let crowd: WorkMeasure? = lowest.wasCrowded ? lowest : nil
            if impossible || crowd != nil {
                unreliable.formUnion(["speedup_\(key)", "seconds_one_\(key)", "seconds_many_\(key)"])
                // Under the GIL at most one computes whatever the load: those stay judged.
                if mode != .gil { unreliable.formUnion(["cores_used_\(key)", "computing_at_once_\(key)"]) }
                let why = crowd.map(\.crowdedText) ?? "the 1-worker run was slowed"
                line += impossible ? " [impossible with up to \(many.atOnce) computing at once: \(why)]"
                    : " [not a speed: \(why)]"
                crowded.append(why)
            }
            context.main.print(line)
            lines.append(line)
        }
        values["busy"] = crowded.isEmpty ? 0 : 1
        let caution = crowded.isEmpty ? nil
            : "other programs held the cores, so the speed-ups marked are not judged; run again when it is quieter"
        return DemoOutcome(result: lines.joined(separator: "; "), values: values, unreliable: unreliable, caution: caution)
    }

    /// One way's run with `workers` workers, measured on its own lanes (those it added).
    private func measured(_ mode: Mode, workers: Int, units: Int, _ context: DemoContext, alone: Bool) throws -> WorkMeasure {
        let before = context.recorder.snapshot().tracks.count
        let cpu = try run(mode, workers: workers, units: units, context, alone: alone)
        let recording = context.recorder.snapshot()
        let ids = Set(recording.tracks[before...].map(\.info.id))
        return WorkMeasure.of(recording, cpuNanoseconds: cpu) { ids.contains($0.info.id) && $0.info.name.hasPrefix(mode.workerName) }
    }

    /// One run: `workers` workers of the given kind each do `units` units of work; returns the
    /// CPU time they used, in nanoseconds, by their own clocks.
    private func run(_ mode: Mode, workers: Int, units: Int, _ context: DemoContext, alone: Bool) throws -> UInt64 {
        switch mode {
        case .threads, .gil:
            let gil = mode == .gil ? SimulatedGIL() : nil
            let used = CPUTotal()
            var threads: [OSThread] = []
            for index in 1...workers {
                threads.append(try context.spawn(mode.name(index, of: workers, alone: alone), initialState: gil == nil ? .running : .waitingGIL) { worker in
                    try worker.checkpoint("compute \(units) units")
                    let start = MonotonicClock.currentThreadCPUTime()
                    defer { used.add(MonotonicClock.currentThreadCPUTime() - start) }
                    if let gil {
                        try computeHoldingGIL(gil, units: units, worker)
                    } else {
                        for _ in 0..<units {
                            if worker.isCancelled { throw DemoCancelled() }
                            _ = CPUWork.unit()
                        }
                    }
                })
            }
            try context.join(threads)
            return used.total
        case .processes:
            let tasks = (0..<workers).map { WorkerTask.spin(task: $0, units: units, announce: false) }
            let pool = ProcessPool(context: context, tasks: tasks, assignment: .oneEach,
                                   workerName: { mode.name($0, of: workers, alone: alone) }) { _ in }
            context.main.enter(.idle)
            let results = try pool.run(workers: workers)
            context.main.enter(.running)
            return results.reduce(0) { $0 + $1.cpu }
        }
    }

    /// CPython's way: compute only while holding the GIL; between units, hand it over if asked.
    private func computeHoldingGIL(_ gil: SimulatedGIL, units: Int, _ worker: Worker) throws {
        worker.enter(.waitingGIL)
        gil.take()
        worker.enter(.running)
        defer {
            worker.enter(.idle)
            gil.drop()
        }
        for _ in 0..<units {
            if worker.isCancelled { throw DemoCancelled() }
            _ = CPUWork.unit()
            if gil.isDropRequested {
                worker.enter(.waitingGIL)
                gil.drop()
                gil.take()
                worker.enter(.running)
            }
        }
    }

    /// The CPU time a run's threads used, added up as each ends.
    private final class CPUTotal: @unchecked Sendable {
        private let lock = PthreadMutex()
        private var nanoseconds: UInt64 = 0
        func add(_ amount: UInt64) { lock.withLock { nanoseconds += amount } }
        var total: UInt64 { lock.withLock { nanoseconds } }
    }

    /// The workers of the N-worker run of `mode` (not its one-worker baseline).
    static func workers(of mode: Mode) -> (Track) -> Bool {
        { $0.info.name.hasPrefix(mode.workerName + " ") && !$0.info.name.hasSuffix(" alone") }
    }

    /// The invariant of the GIL: its threads never compute at the same time. (How many threads
    /// or processes did compute at once depends on cores and load, so it is reported, not judged.)
    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        guard outcome.values["speedup_gil"] != nil else { return [] }
        let peak = TraceAnalysis.maxConcurrency(recording, in: [.running], among: Self.workers(of: .gil))
        return [Check("GIL threads never compute at once", peak <= 1, "at most \(peak) running at once")]
    }
}
