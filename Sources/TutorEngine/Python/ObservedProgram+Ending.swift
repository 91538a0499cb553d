import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Stopping the program's whole tree and reaping every process of it.
extension ObservedProgram {
    /// SIGTERM to the whole tree, SIGKILL to what is left after the grace period; returns once
    /// every process of it has ended and has been reaped (by tutor, for the orphans).
    func stop(_ child: ChildProcess) {
        for (signal, grace) in [(SIGTERM, Self.terminationGrace), (SIGKILL, 5.0)] {
            child.signalGroup(signal)
            for pid in seenProcesses where ProcessTree.isAlive(pid) { kill(pid, signal) }
            let due = MonotonicClock.now() + UInt64(grace * 1e9)
            while MonotonicClock.now() < due, seenProcesses.contains(where: ProcessTree.isAlive) {
                _ = child.reapIfEnded()
                reapOrphans()
                usleep(5_000)
            }
        }
        _ = child.reap()
    }

    /// Waits (a few seconds at most) until no process of the program is left unreaped: those
    /// that became tutor's children when their parent ended are reaped here.
    func reapAll(group: Int32) {
        let due = MonotonicClock.now() + 5_000_000_000
        repeat {
            // Those that lived and died between two listings are found by their group.
            seenProcesses.formUnion(ProcessTree.zombies(childrenOf: getpid(), inGroup: group))
            reapOrphans()
            let unreaped = seenProcesses.filter { pid in
                guard let stat = ProcText.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
                let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
                return fields.count > 1 && (fields[0] != "Z" || fields[1] == "\(getpid())")
            }
            if unreaped.isEmpty { return }
            usleep(2_000)
        } while MonotonicClock.now() < due
    }

    /// Reaps the program's processes that became tutor's children when their parent died.
    func reapOrphans() {
        for pid in seenProcesses {
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
        }
    }

    /// Reads what the program writes to its standard error (a traceback, a warning) into the
    /// output, as from its main thread (worker 0, the first lane: the program's own).
    func captureErrors(of child: ChildProcess) -> OSThread? {
        let recorder = context.recorder
        let thread = OSThread { while let line = child.readLine() { recorder.print(line, by: 0) } }
        try? thread.start()
        return thread
    }

    static func status(_ termination: ChildProcess.Termination) -> Int32 {
        switch termination {
        case .exited(let code): code
        case .signalled(let number): 128 + number
        }
    }

    static func sleep(until time: UInt64) {
        var due = timespec(tv_sec: Int(time / 1_000_000_000), tv_nsec: Int(time % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, nil) == EINTR {}
    }

    static func threadCPUTime() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
