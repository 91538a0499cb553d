#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TutorAstro
@testable import TutorEngine

/// Workers that misbehave in ways a real one can (a library closing standard output, say):
/// stand-in workers are small shell scripts that speak the start of the protocol.
@Suite struct WorkerFaultTests {
    /// A worker that greets, takes its task, then closes its output (standard output and error,
    /// one pipe) and lives on: the parent sees the output end, gives it a grace, kills it, and
    /// reports the task failed; the run ends, and no worker is left (the parent once waited
    /// for it forever in `waitpid`).
    @Test func aWorkerThatClosesItsOutputAndLivesOnIsEndedAndItsTaskFails() throws {
        try withTemporaryFolder { folder in
            try writeCurve(folder, "a.lc", points: 200, period: 2)
            let script = folder + "/closing-worker"
            try """
            #!/bin/sh
            echo $$ >> '\(folder)/pids'
            echo "hello $$ $$"
            read task
            exec >&- 2>&-
            exec sleep 60
            """.write(toFile: script, atomically: true, encoding: .utf8)
            chmod(script, 0o755)
            let results = try PeriodSearch.run(files: [folder + "/a.lc"], processes: 1, settings: SearchSettings(),
                                               executable: script) { _ in }
            let result = try #require(results.first)
            guard case .failed(let reason) = result.outcome else {
                Issue.record("the task did not fail: \(result.outcome)")
                return
            }
            #expect(reason.hasPrefix("worker process \(result.pid) ") && reason.hasSuffix("during this task"), "\(reason)")
            let pids = try String(contentsOfFile: folder + "/pids", encoding: .utf8).split(separator: "\n").compactMap { Int32($0) }
            #expect(pids.contains(result.pid))
            for pid in pids {
                // Reaped, not only signalled: no /proc entry at all (a zombie would keep one).
                #expect(access("/proc/\(pid)", F_OK) != 0, "worker \(pid) was left behind")
            }
        }
    }
}
