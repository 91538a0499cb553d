import TutorEngine

/// Runs one demo many times at full speed on its own thread, collecting what each run measured.
final class RepeatRunner {
    /// What the repeat thread and the main loop share.
    private final class Shared: @unchecked Sendable {
        let lock = PthreadMutex()
        var outcomes: [DemoOutcome] = []
        var current: DemoRun?
        var cancelled = false
    }

    private let shared = Shared()
    private let thread: OSThread

    init(demo: any Demo, arguments: [String], count: Int) {
        thread = OSThread { [shared] in
            Self.repeatRuns(demo, arguments, count, shared)
        }
        try? thread.start()
    }

    private static func repeatRuns(_ demo: any Demo, _ arguments: [String], _ count: Int, _ shared: Shared) {
        guard let parameters = try? ParameterParser.parse(arguments, specs: demo.parameters) else { return }
        for _ in 0..<count {
            let started: DemoRun? = shared.lock.withLock {
                guard !shared.cancelled, let run = try? DemoRun.start(demo, parameters: parameters, mode: .fast) else { return nil }
                shared.current = run
                return run
            }
            guard let run = started else { return }
            let status = run.wait()
            shared.lock.withLock {
                if case .completed(let outcome, _) = status { shared.outcomes.append(outcome) }
                shared.current = nil
            }
        }
    }

    /// What the runs since the last call measured.
    func drain() -> [DemoOutcome] {
        shared.lock.withLock {
            defer { shared.outcomes.removeAll() }
            return shared.outcomes
        }
    }

    /// Stops the run under way and the rest, and waits for the thread.
    func cancel() {
        shared.lock.withLock {
            shared.cancelled = true
            shared.current?.cancel()
        }
        thread.join()
    }
}
