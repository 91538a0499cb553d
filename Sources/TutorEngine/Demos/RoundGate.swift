/// Lets a demo's phases run one after another on workers that live through all of them: a
/// one-worker run, then the N-worker run, then the one-worker run again, and so on. Repeating
/// them interleaved, on the same lanes, is what makes a timing comparison fair on a machine
/// whose load comes and goes: each pair of runs meets the same weather.
///
/// A worker passes the gate of its phase once every worker of the phase before is done; the
/// gate keeps when each phase opened and closed, the window its measures are taken in.
final class RoundGate: @unchecked Sendable {
    private let lock = PthreadMutex()
    private let changed = PthreadCondition()
    /// How many workers each phase has, in order.
    private let members: [Int]
    private var current = 0
    private var left: Int
    private var cancelled = false
    private var opened: [UInt64]
    private var closed: [UInt64]

    init(members: [Int], pacer: Pacer) {
        self.members = members
        left = members.first ?? 0
        opened = Array(repeating: 0, count: members.count)
        closed = Array(repeating: 0, count: members.count)
        opened[0] = MonotonicClock.now()
        pacer.onCancel { [self] in
            lock.withLock {
                cancelled = true
                changed.broadcast()
            }
        }
    }

    /// Waits until `phase` is the one running. - Throws: `DemoCancelled` once the run is.
    func pass(_ phase: Int) throws {
        try lock.withLock {
            while current < phase && !cancelled { changed.wait(lock) }
            if cancelled { throw DemoCancelled() }
        }
    }

    /// One worker of `phase` is done; the last one opens the next phase.
    func done(_ phase: Int) {
        lock.withLock {
            guard phase == current else { return }
            left -= 1
            guard left <= 0 else { return }
            let now = MonotonicClock.now()
            closed[phase] = now
            current += 1
            if current < members.count {
                left = members[current]
                opened[current] = now
            }
            changed.broadcast()
        }
    }

    /// When `phase` ran: from its opening to its last worker's end.
    func window(_ phase: Int) -> ClosedRange<UInt64> {
        lock.withLock { opened[phase]...max(opened[phase], closed[phase]) }
    }
}
