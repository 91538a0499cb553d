import Synchronization

/// `deadlock`: two threads move money between two accounts, each account behind its own pthread
/// mutex. Thread-1 moves from A to B (takes lock_a, then lock_b); Thread-2 from B to A. Taken in
/// opposite order with a pause between, each ends up holding one lock and waiting for the other:
/// a real deadlock of real OS threads. With `--fixed-order` both take lock_a first, and none
/// can happen.
///
/// The main thread watches the run's own events for a cycle of waits (`WaitForGraph`) while it
/// waits for the threads. When one closes it names it, lets it stand for `standing` seconds
/// (nothing moves: that is what a deadlock looks like), then breaks it: the waiting threads give
/// up (their waits are `pthread_mutex_timedlock` slices, so they can), release what they hold
/// and end. A real program would wait forever.
public struct DeadlockDemo: Demo {
    public let id = "deadlock"
    public let title = "Deadlock: two locks taken in opposite order"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("fixed-order", .flag, default: .flag(false), "both threads take lock_a first"),
        ParameterSpec("pause", .number(0...2), default: .number(0.2), "seconds between taking the first lock and the second"),
    ]

    public let measures = ["deadlocked", "transfers", "total"]
    /// No histogram: with its pause every run deadlocks (at full speed, as `h` runs it), so
    /// twenty runs would plot one value.
    public let watch = DemoWatch(histogram: nil, deadlocks: true)

    /// How long a deadlock is left standing before tutor breaks it.
    static let standing = 1.5
    static let amount = 10

    public init() {}

    /// The two accounts and their locks. Unchecked: a balance is read or written only with both
    /// locks held, or after both threads have ended.
    private final class Bank: @unchecked Sendable {
        var balances = [100, 100]
        let locks = [PthreadMutex(), PthreadMutex()]
        /// Set when tutor breaks the deadlock: waiting threads then give up.
        let broken = Atomic<Bool>(false)
        let transfers = Atomic<Int>(0)
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let fixedOrder = context.parameters.flag("fixed-order")
        let pause = context.parameters.number("pause")
        let bank = Bank()
        let lockIDs = [context.recorder.object("lock_a"), context.recorder.object("lock_b")]
        let accountIDs = [context.recorder.object("account_a"), context.recorder.object("account_b")]

        @Sendable func transfer(_ worker: Worker, from: Int, to: Int) throws {
            let order = fixedOrder ? [0, 1] : [from, to]
            let giveUp = { bank.broken.load(ordering: .acquiring) || worker.isCancelled }
            try worker.checkpoint("acquire \(["lock_a", "lock_b"][order[0]])")
            guard worker.acquire(bank.locks[order[0]], lockIDs[order[0]], givingUpWhen: giveUp) else { return try stop(worker) }
            defer { worker.release(bank.locks[order[0]], lockIDs[order[0]]) }
            // Its "work" is a sleep with the lock held: off the CPU, as the per-core view shows.
            try worker.sleep(seconds: pause, then: .holdingLock, lockIDs[order[0]])
            try worker.checkpoint("acquire \(["lock_a", "lock_b"][order[1]])")
            guard worker.acquire(bank.locks[order[1]], lockIDs[order[1]], givingUpWhen: giveUp) else { return try stop(worker) }
            defer { worker.release(bank.locks[order[1]], lockIDs[order[1]], then: .holdingLock) }
            bank.balances[from] -= Self.amount
            bank.balances[to] += Self.amount
            worker.count(accountIDs[from], bank.balances[from])
            worker.count(accountIDs[to], bank.balances[to])
            bank.transfers.add(1, ordering: .relaxed)
        }

        /// A thread that gave up its wait: cancelled, or tutor broke the deadlock.
        @Sendable func stop(_ worker: Worker) throws {
            if worker.isCancelled { throw DemoCancelled() }
        }

        let threads = try [(0, 1), (1, 0)].enumerated().map { index, accounts in
            try context.spawn("Thread-\(index + 1)") { worker in try transfer(worker, from: accounts.0, to: accounts.1) }
        }
        let deadlock = try watch(threads, context)
        if let deadlock {
            context.main.print(deadlock)
            try context.pacer.sleep(seconds: Self.standing)
            context.main.print("tutor breaks the deadlock: the waiting threads give up (a real program would wait forever)")
            bank.broken.store(true, ordering: .releasing)
        }
        try context.join(threads)
        let total = bank.balances.reduce(0, +)
        let transfers = bank.transfers.load(ordering: .relaxed)
        context.main.print("Transfers done: \(transfers) of 2; total money: \(total)")
        return DemoOutcome(result: deadlock ?? "Transfers done: \(transfers) of 2", values: [
            "deadlocked": deadlock == nil ? 0 : 1, "transfers": Double(transfers), "total": Double(total),
        ])
    }

    /// Waits (idle, as in `join`) for `threads` to end, looking at the run's events for a cycle
    /// of waits meanwhile; returns the cycle's description if one closed.
    private func watch(_ threads: [OSThread], _ context: DemoContext) throws -> String? {
        context.main.enter(.idle)
        while !threads.allSatisfy(\.isFinished) {
            try context.pacer.sleep(seconds: 0.02)
            let recording = context.recorder.snapshot()
            let graph = WaitForGraph.current(recording)
            if let cycle = graph.cycle() {
                return Deadlock(links: cycle, time: graph.closingTime(of: cycle)).description(in: recording)
            }
        }
        return nil
    }

    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        let deadlock = WaitForGraph.firstDeadlock(in: recording)
        let total = Int(outcome.values["total"] ?? 0)
        return [
            Check("no deadlock", deadlock == nil,
                  deadlock.map { $0.description(in: recording) } ?? "both transfers took their locks and finished"),
            Check("no money lost or made", total == 200, "total \(total) of 200"),
        ]
    }
}
