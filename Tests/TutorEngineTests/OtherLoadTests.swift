#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TutorEngine

/// What other programs used of the CPUs meanwhile, as `tutor bench` flags its wall-clock
/// figures by: two spinning processes of the test's own (not tutor's children, so others to
/// it) on a 2-core machine take far more than the busy share.
@Suite struct OtherLoadTests {
    @Test func spinningProcessesCountAsOtherPrograms() throws {
        let python = try PythonInterpreter.resolve("python3")
        // Spawned as tutor spawns (a clean signal mask), stopped and reaped by their own pids.
        let spinners = try (0..<UsableCPUs.count).map { _ in
            try ChildProcess.spawn(python, ["-c", "while True: pass"], environment: [:])
        }
        defer { for spinner in spinners { spinner.reap(terminatingWithGrace: 1) } }
        let load = OtherLoad()
        usleep(500_000)
        #expect(load.share > OtherLoad.busyShare, "\(load.share)")
        #expect(load.flag.hasPrefix(" [busy: other programs used "), "\(load.flag)")
    }
}
