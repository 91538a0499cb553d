import Foundation
import TutorAstro
import TutorWorkloads

/// `gil`: the same CPU-bound work (periodogram units) run three ways: on threads, on threads
/// that must hold a simulated global interpreter lock to compute (as CPython's threads do), and
/// on processes. Each way alternates a one-worker run and an N-worker run, round after round on
/// the same workers, and reports the median speed-up N × T(1) / T(N) with its spread, the
/// cores used and the most computing at once. Threads and processes approach min(cores, N)×;
/// GIL threads stay near 1×.
public struct GILDemo: Demo {
    public let id = "gil"
    public let title = "The GIL: threads, GIL-threads and processes on CPU-bound work"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("workers", .integer(1...16), default: .integer(2), "workers per run"),
        ParameterSpec("mode", .choice(["threads", "gil", "processes", "all"]), default: .choice("all"),
                      "which ways to run the work"),
        ParameterSpec("units", .integer(1...100_000), default: .integer(2_000),
                      "work units per worker (a fraction of a millisecond each)"),
        ParameterSpec("rounds", .integer(1...9), default: .integer(3),
                      "times the one-worker and N-worker runs alternate (medians are reported)"),
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

        /// Slot 0 is the lone worker; slots 1…N the N workers.
        func name(slot: Int, of count: Int) -> String {
            slot == 0 ? "\(workerName) alone" : "\(workerName) \(slot) of \(count)"
        }
    }

    /// One round: the lone worker's run, then the N workers'.
    struct Round {
        var one: WorkMeasure
        var many: WorkMeasure
        var crowded: WorkMeasure? { [one, many].filter(\.wasCrowded).min { $0.cpuShare < $1.cpuShare } }
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let workers = context.parameters.integer("workers")
        let chosen = context.parameters.choice("mode")
        let modes = chosen == "all" ? Mode.allCases : Mode.allCases.filter { $0.rawValue == chosen }
        var values: [String: Double] = [:]
        var speedUps: [String] = [], unreliable: Set<String> = []
        for mode in modes {
            let rounds = try measuredRounds(mode, workers: workers, context)
            let (line, flagged, impossible) = summarise(mode, rounds, workers: workers, into: &values)
            unreliable.formUnion(flagged)
            context.main.print(line)
            // An impossible speed-up is no finding: said as such, never as a figure.
            let figure = String(format: "%.2fx", values["speedup_\(mode.rawValue)"] ?? 0)
            speedUps.append(mode.label + " " + (impossible.map { "not measured (\(figure) is impossible with up to \($0) at once)" }
                                                ?? figure + (flagged.isEmpty ? "" : " (busy)")))
        }
        values["busy"] = unreliable.isEmpty ? 0 : 1
        let caution = unreliable.isEmpty ? nil
            : "other programs held the cores: the speed-ups marked busy are not judged; run again when it is quieter"
        // The result is the short form; each way's figures are its printed line.
        let rounds = context.parameters.integer("rounds")
        let result = "speed-up with \(workers) workers: " + speedUps.joined(separator: ", ")
            + (rounds > 1 ? " (medians of \(rounds) rounds)" : "")
        return DemoOutcome(result: result, values: values, unreliable: unreliable, caution: caution)
    }

    /// The line for one way and the values it measured; returns the values that load made
    /// unreliable, and the most computing at once when the speed-up is impossible. Only rounds
    /// whose workers got the CPU they could have had count; a speed-up above what computed at
    /// once (more than 1x with never two computing together) is impossible, and flagged
    /// rather than shown as a finding.
    private func summarise(_ mode: Mode, _ rounds: [Round], workers: Int,
                           into values: inout [String: Double]) -> (String, Set<String>, impossible: Int?) {
        let clean = rounds.filter { $0.crowded == nil }
        let counted = clean.isEmpty ? rounds : clean
        let speedUps = counted.map { $0.many.wall > 0 ? Double(workers) * $0.one.wall / $0.many.wall : 0 }
        let speedUp = Median.of(speedUps), atOnce = rounds.map(\.many.atOnce).max() ?? 0
        let key = mode.rawValue
        values["speedup_\(key)"] = speedUp
        values["seconds_one_\(key)"] = Median.of(counted.map(\.one.wall))
        values["seconds_many_\(key)"] = Median.of(counted.map(\.many.wall))
        values["cores_used_\(key)"] = Median.of(counted.map(\.many.coresUsed))
        values["computing_at_once_\(key)"] = Double(atOnce)
        let spread = speedUps.count > 1 ? String(format: " (%.2f–%.2f)", speedUps.min() ?? 0, speedUps.max() ?? 0) : ""
        let of = rounds.count > 1 ? ", median of \(counted.count) round\(counted.count == 1 ? "" : "s")" : ""
        var line = "\(mode.label): 1 worker \(String(format: "%.2f", values["seconds_one_\(key)"] ?? 0)) s, \(workers) workers "
            + "\(String(format: "%.2f", values["seconds_many_\(key)"] ?? 0)) s, speed-up \(String(format: "%.2f", speedUp))x\(spread)\(of); "
            + "cores used \(String(format: "%.2f", values["cores_used_\(key)"] ?? 0)), up to \(atOnce) at once"
        if clean.count < rounds.count, !clean.isEmpty {
            line += " (\(rounds.count - clean.count) crowded round\(rounds.count - clean.count == 1 ? "" : "s") left out)"
        }
        let possible = Double(max(1, min(atOnce, counted.first?.many.usableCPUs ?? 1)))
        let impossible = speedUp > possible * 1.15
        guard clean.isEmpty || impossible else { return (line, [], nil) }
        var flagged: Set<String> = ["speedup_\(key)", "seconds_one_\(key)", "seconds_many_\(key)"]
        // Under the GIL at most one computes whatever the load: those stay judged.
        if mode != .gil { flagged.formUnion(["cores_used_\(key)", "computing_at_once_\(key)"]) }
        let why = rounds.compactMap(\.crowded).first.map(\.crowdedText) ?? "the 1-worker runs were slowed"
        line += impossible ? " [impossible with up to \(atOnce) at once: \(why)]" : " [busy: \(why)]"
        return (line, flagged, impossible ? atOnce : nil)
    }

    /// Round r's lone run is phase 2r, its N-worker run 2r + 1.
    static func phase(round: Int, slot: Int) -> Int { 2 * round + (slot == 0 ? 0 : 1) }

    /// Runs the rounds of `mode` on one lone worker and N workers that live through them all
    /// (phase 2r is round r's lone run, 2r + 1 its N-worker run) and measures each phase in
    /// its own window of the recording.
    private func measuredRounds(_ mode: Mode, workers: Int, _ context: DemoContext) throws -> [Round] {
        let rounds = context.parameters.integer("rounds"), units = context.parameters.integer("units")
        let gate = RoundGate(members: (0..<rounds).flatMap { _ in [1, workers] }, pacer: context.pacer)
        let cpu = PhaseCPU(phases: 2 * rounds)
        let before = context.recorder.snapshot().tracks.count
        switch mode {
        case .threads, .gil:
            let gil = mode == .gil ? SimulatedGIL() : nil
            var threads: [OSThread] = []
            for slot in 0...workers {
                threads.append(try context.spawn(mode.name(slot: slot, of: workers), initialState: .idle) { worker in
                    for round in 0..<rounds {
                        let current = Self.phase(round: round, slot: slot)
                        try gate.pass(current)
                        defer { gate.done(current) }
                        try worker.checkpoint("compute \(units) units")
                        let start = MonotonicClock.currentThreadCPUTime()
                        defer { cpu.add(MonotonicClock.currentThreadCPUTime() - start, to: current) }
                        if let gil {
                            try computeHoldingGIL(gil, units: units, worker)
                        } else {
                            worker.enter(.running)
                            for _ in 0..<units {
                                if worker.isCancelled { throw DemoCancelled() }
                                _ = CPUWork.unit()
                            }
                            worker.enter(.idle)
                        }
                    }
                })
            }
            try context.join(threads)
        case .processes:
            var lists = Array(repeating: [Int](), count: workers + 1), phases: [Int] = []
            for round in 0..<rounds {
                for slot in 0...workers {
                    lists[slot].append(phases.count)
                    phases.append(Self.phase(round: round, slot: slot))
                }
            }
            let tasks = phases.indices.map { WorkerTask.spin(task: $0, units: units, announce: false) }
            let pool = ProcessPool(context: context, tasks: tasks, assignment: .slots(lists),
                                   workerName: { _, slot in mode.name(slot: slot, of: workers) },
                                   beforeTask: { [phases] in try gate.pass(phases[$0]) }) { [phases] result in
                cpu.add(result.cpu, to: phases[result.task])
                gate.done(phases[result.task])
            }
            context.main.enter(.idle)
            _ = try pool.run(workers: workers + 1)
            context.main.enter(.running)
        }
        let recording = context.recorder.snapshot()
        let ids = Set(recording.tracks[before...].map(\.info.id))
        func measure(_ phase: Int, alone: Bool) -> WorkMeasure {
            WorkMeasure.of(recording, cpuNanoseconds: cpu.total(phase), within: gate.window(phase)) {
                ids.contains($0.info.id) && $0.info.name.hasSuffix(" alone") == alone
            }
        }
        return (0..<rounds).map { Round(one: measure(2 * $0, alone: true), many: measure(2 * $0 + 1, alone: false)) }
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

    /// The CPU time each phase's workers used, added up as each ends.
    private final class PhaseCPU: @unchecked Sendable {
        private let lock = PthreadMutex()
        private var nanoseconds: [UInt64]
        init(phases: Int) { nanoseconds = Array(repeating: 0, count: phases) }
        func add(_ amount: UInt64, to phase: Int) { lock.withLock { nanoseconds[phase] += amount } }
        func total(_ phase: Int) -> UInt64 { lock.withLock { nanoseconds[phase] } }
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
