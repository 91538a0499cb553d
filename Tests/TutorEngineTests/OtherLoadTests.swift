#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TutorEngine

/// What other programs used of the CPUs meanwhile, as `tutor bench` flags its wall-clock
/// figures by: spinning processes of the test's own, one per usable CPU, not yet reaped (so
/// not counted as tutor's own) are others that use about those CPUs.
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
        // At least half of the CPUs they could use, counted over all the machine's CPUs.
        let used = load.share * Double(OtherLoad.cpus)
        #expect(used > 0.5 * Double(spinners.count), "\(used) CPUs used by \(spinners.count) spinners")
        if load.share > OtherLoad.busyShare { #expect(load.flag.hasPrefix(" [busy: other programs used "), "\(load.flag)") }
    }
}
