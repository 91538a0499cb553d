#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TutorEngine

/// What other programs used of the CPUs meanwhile, as `tutor bench` flags its wall-clock
/// figures by: spinning processes of the test's own, not yet reaped (so not counted as this
/// process's own), are others, and all the CPU time they got is counted. (How much they get
/// depends on what else runs, the test's neighbours included: that is not asserted.)
@Suite struct OtherLoadTests {
    /// CPU seconds a process has used so far, from its /proc/PID/stat (utime + stime).
    func cpuSeconds(_ pid: Int32) throws -> Double {
        let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = text[text.index(after: try #require(text.lastIndex(of: ")")))...].split(separator: " ")
        // After the name: state is field 3, utime 14 and stime 15 (here 0, 11 and 12).
        return (Double(fields[11]) ?? 0) / Double(sysconf(Int32(_SC_CLK_TCK)))
            + (Double(fields[12]) ?? 0) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @Test func spinningProcessesCountAsOtherPrograms() throws {
        let python = try PythonInterpreter.resolve("python3")
        // Spawned as tutor spawns (a clean signal mask), stopped and reaped by their own pids.
        let spinners = try (0..<UsableCPUs.count).map { _ in
            try ChildProcess.spawn(python, ["-c", "while True: pass"], environment: [:])
        }
        defer { for spinner in spinners { spinner.reap(terminatingWithGrace: 1) } }
        usleep(100_000)
        let before = try spinners.map { try cpuSeconds($0.pid) }
        let start = MonotonicClock.now()
        let load = OtherLoad()
        usleep(500_000)
        let share = load.share
        let wall = Double(MonotonicClock.now() - start) / 1e9
        let spun = try zip(spinners, before).map { try cpuSeconds($0.pid) - $1 }.reduce(0, +)
        let others = share * Double(OtherLoad.cpus) * wall
        // Every second the spinners got is someone else's to this process (a clock tick of
        // slack each way for the two readings).
        let tick = 1 / Double(sysconf(Int32(_SC_CLK_TCK)))
        #expect(spun > 0, "the spinners ran")
        #expect(others >= spun - 4 * tick * Double(spinners.count), "others \(others) s, the spinners alone \(spun) s")
        if share > OtherLoad.busyShare { #expect(load.flag.hasPrefix(" [busy: other programs used "), "\(load.flag)") }
    }
}
