import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Stopping the program's whole tree and reaping every process of it.
extension ObservedProgram {
    /// SIGTERM to the whole tree, SIGKILL to what is left after the grace period; returns once
    /// every process of it has ended. Only the program's own processes are signalled: its
    /// group (while its leader lives) and each process seen, if its pid still names it.
    func stop(_ child: ChildProcess) {
        if group != getpgrp() { ProcessTree.children(of: getpid(), inGroup: group).forEach(see) }
        for (signal, grace) in [(SIGTERM, Self.terminationGrace), (SIGKILL, 5.0)] {
            child.signalGroup(signal)
            for process in seenProcesses where process.pid != child.pid && process.isAlive { kill(process.pid, signal) }
            let due = MonotonicClock.now() + UInt64(grace * 1e9)
            while MonotonicClock.now() < due, seenProcesses.contains(where: \.isAlive) {
                _ = child.reapIfEnded()
                reapOrphans(except: child.pid)
                usleep(5_000)
            }
        }
        _ = child.reap()
    }

    /// Waits (a few seconds at most) until no process of the program is left unreaped: those
    /// that became tutor's children when their parent ended are reaped here.
    func reapAll(except root: Int32) {
        let due = MonotonicClock.now() + 5_000_000_000
        repeat {
            // Those that lived and died between two listings are found by their group.
            if group != getpgrp() { ProcessTree.children(of: getpid(), inGroup: group).filter { $0 != root }.forEach(see) }
            reapOrphans(except: root)
            let unreaped = seenProcesses.contains { process in
                process.stat.map { $0.isAlive || $0.parent == getpid() } ?? false
            }
            if !unreaped { return }
            usleep(2_000)
        } while MonotonicClock.now() < due
    }

    /// Reaps the program's processes that became tutor's children when their parent died. The
    /// program itself (`root`) is left to its `ChildProcess`, which keeps its exit status.
    func reapOrphans(except root: Int32) {
        for process in seenProcesses where process.pid != root {
            guard let stat = process.stat, !stat.isAlive, stat.parent == getpid() else { continue }
            var status: Int32 = 0
            _ = waitpid(process.pid, &status, WNOHANG)
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
}
