#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The pids of the living processes whose parent is `pid` (from /proc/*/stat). A pid of 0 or 1
/// would be every process of the machine: asking for it is a bug in the test, reported as one.
func children(of pid: Int32) -> [Int32] {
    guard pid > 1 else {
        Issue.record("children(of: \(pid)): a test looked for the children of no process of its own")
        return []
    }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let child = Int32(entry),
              let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 && fields[1] == "\(pid)" ? child : nil
    }
}

func isAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    // A zombie has ended; only its parent's wait is missing.
    return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
}

@Suite struct ProcessCommandTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons/data/lightcurves").path

    @Test func periodsPrintsEveryFileAndJSONNamesErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-periods-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["lightcurve_01.lc", "lightcurve_02.lc", "lightcurve_03.lc"] {
            try FileManager.default.copyItem(atPath: Self.samples + "/" + name, toPath: folder + "/" + name)
        }
        try "1 2 0.1\n2 3 0.1\nthree 4 0.1\n".write(toFile: folder + "/broken.lc", atomically: true, encoding: .utf8)

        let text = try Tutor.run(["periods", folder, "--processes", "2", "--nfreq", "4000"])
        #expect(text.status == 1, "a failed file makes the exit status 1")
        #expect(text.output.count == 4)
        #expect(text.output.contains { $0.hasPrefix(folder + "/broken.lc  error: " + folder + "/broken.lc:3: time is not a finite number") })
        #expect(text.output.filter { $0.contains("  period ") && $0.contains("  points ") }.count == 3)

        let json = try Tutor.run(["periods", folder, "--json", "--nfreq", "4000"])
        #expect(json.status == 1)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.output.joined(separator: "\n").utf8)) as? [[String: Any]])
        #expect(entries.count == 4)
        #expect(Set(entries.compactMap { $0["file"] as? String }).count == 4)
        for entry in entries {
            #expect(entry["pid"] as? Int != Int(json.pid))
            if (entry["file"] as? String)?.hasSuffix("broken.lc") == true {
                #expect((entry["error"] as? String)?.hasSuffix("broken.lc:3: time is not a finite number: 'three'") == true)
                #expect(entry["period"] == nil)
            } else {
                #expect(entry["period"] is Double && entry["power"] is Double && entry["points"] is Int)
            }
        }
    }

    /// The figures are timings and judged by nobody; what is checked is that every one is
    /// there, a number, and that the recorder lost nothing. A GIL speed-up is missing only
    /// when every run of it was left out as busy, which its count says.
    @Test func benchPrintsOneJSONObjectOfFigures() throws {
        let result = try Tutor.run(["bench", "--quick", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.count == 1, "one line: \(result.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data((result.output.first ?? "").utf8)) as? [String: Any])
        let keys = ["recorder_ns_per_event_1", "recorder_ns_per_event_2", "events_lost", "render_us_per_frame",
                    "curves_per_second_1", "curves_per_second_n", "pool_efficiency", "process_spawn_ms",
                    "sampler_us_per_thread_sample", "samples_per_second", "probe_slowdown"]
        for mode in ["threads", "gil", "processes"] {
            let leftOut = try #require(object["gil_left_out_\(mode)"] as? Double, "gil_left_out_\(mode)")
            if let speedUp = object["gil_speedup_\(mode)"] {
                #expect((speedUp as? Double).map { $0.isFinite && $0 > 0 } == true, "gil_speedup_\(mode): \(speedUp)")
            } else {
                #expect(leftOut > 0, "gil_speedup_\(mode) is missing, yet no run was left out")
            }
        }
        for key in keys {
            let value = object[key] as? Double
            #expect(value.map { $0.isFinite && $0 >= 0 } == true, "\(key): \(String(describing: object[key]))")
        }
        for key in ["pool_busy", "observer_busy"] {
            #expect([0, 1].contains(object[key] as? Double), "\(key): \(String(describing: object[key]))")
        }
        #expect(object["events_lost"] as? Double == 0)
        for key in keys where key != "events_lost" {
            #expect((object[key] as? Double ?? 0) > 0, "\(key) was measured")
        }
    }

    @Test func periodsRefusesAMissingPath() throws {
        let result = try Tutor.run(["periods", "/nonexistent/curves"])
        #expect(result.status == 2)
        #expect(result.errors == ["tutor: /nonexistent/curves: no such file or folder"])
    }

    /// Among others, a missing path fails alone: it is named, the rest are searched, and the
    /// exit status says that not all went well.
    @Test func aMissingPathAmongOthersFailsAlone() throws {
        let result = try Tutor.run(["periods", "/nonexistent/one.lc", Self.samples + "/lightcurve_01.lc", "--nfreq", "2000"])
        #expect(result.status == 1)
        #expect(result.errors.contains("tutor periods: /nonexistent/one.lc: no such file or folder"), "\(result.errors)")
        #expect(result.output.count == 1 && result.output[0].contains("lightcurve_01.lc  period "), "\(result.output)")
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalToThePoolDemoEndsItAndEveryWorker(signal: Int32) throws {
        let process = try Tutor.start(["demo", "pool", "--processes", "2", "--speed", "0.5"])
        var workers: [Int32] = []
        #expect(eventually { workers = children(of: process.pid); return workers.count == 2 })
        kill(process.pid, signal)
        let result = process.finish()
        #expect(result.status == 128 + signal, "128 + the signal, as the app ends")
        #expect(result.output.contains("Result: cancelled"))
        #expect(eventually { !workers.contains(where: isAlive) }, "workers \(workers) outlived the parent")
    }

    /// A grid that keeps two workers on the 48 sample files for seconds (each file takes about
    /// 0.1 s in a debug build, far inside a 2 s watchdog): a worker stopped after the first
    /// result still has files to take, however late a loaded machine lets the test stop it.
    /// (At 200,000 frequencies the fast pass finished every file before the stop on CI.)
    static let longGrid = ["--nfreq", "2000000"]

    /// A worker stopped mid-run (SIGSTOP) is found by the watchdog: its file fails with the
    /// reason, it is killed and replaced, and the other 47 files are still done.
    @Test func aStoppedWorkerFailsItsFileAndIsReplaced() throws {
        let process = try Tutor.start(["periods", Self.samples, "--processes", "2", "--watchdog", "2"] + Self.longGrid)
        var workers: [Int32] = []
        #expect(eventually(within: 30) { workers = children(of: process.pid); return workers.count == 2 && !process.outputSoFar.isEmpty })
        let stopped = try #require(workers.first)
        kill(stopped, SIGSTOP)
        let result = process.finish()
        #expect(result.status == 1, "one file failed")
        let failed = result.output.filter { $0.contains("error: no word from worker process \(stopped) for 2.00 s (stopped, or stuck?)") }
        #expect(failed.count == 1, "\(result.output.filter { $0.contains("error") })")
        #expect(result.output.filter { $0.contains("  period ") }.count == 47)
        #expect(!isAlive(stopped), "the stopped worker was killed")
    }

    /// Ctrl-C ends a run whose worker is stopped, at once, and the worker with it.
    @Test func anInterruptEndsARunWithAStoppedWorker() throws {
        let process = try Tutor.start(["periods", Self.samples, "--processes", "2"] + Self.longGrid)
        var workers: [Int32] = []
        #expect(eventually(within: 30) { workers = children(of: process.pid); return workers.count == 2 })
        let stopped = try #require(workers.first)
        kill(stopped, SIGSTOP)
        kill(process.pid, SIGINT)
        let result = process.finish()
        #expect(result.status == 130)
        #expect(eventually { !workers.contains(where: isAlive) }, "workers \(workers) outlived the run")
    }

    /// With almost no file descriptors left, tutor says so in one line and exits 1 (it once
    /// died of SIGILL inside libdispatch).
    @Test(arguments: [4, 5])
    func tooFewFileDescriptorsIsOneLineAndExitOne(limit: Int) throws {
        let command = "ulimit -n \(limit) && exec '\(Tutor.executable.path)' periods '\(Self.samples)/lightcurve_01.lc' --nfreq 2000"
        let output = try ChildOutput.run("/bin/sh", ["-c", command])
        let lines = output.split(separator: "\n").filter { !$0.hasPrefix("tutor periods: 1 file") && !$0.hasPrefix("tutor periods: grid") }
        #expect(lines.count == 1 && lines[0].contains("Too many open files"), "ulimit -n \(limit): \(output)")
        #expect(!output.contains("Backtracing") && !output.contains("Illegal"), "\(output)")
    }

    /// Under a limit that stops it starting Python, tutor says so, not that there is no Python.
    @Test func aPythonThatCannotBeStartedIsNotCalledMissing() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-one-\(UUID()).py").path
        try "print(1)\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let output = try ChildOutput.run("/bin/sh", ["-c", "ulimit -n 6 && exec '\(Tutor.executable.path)' run '\(script)'"])
        #expect(output.contains("could not start 'python3'") && output.contains("ulimit -n") && !output.contains("no Python"), "\(output)")
    }

    @Test func workersDieWithAParentKilledOutright() throws {
        let process = try Tutor.start(["demo", "pool", "--processes", "2", "--speed", "0.5"])
        var workers: [Int32] = []
        #expect(eventually { workers = children(of: process.pid); return workers.count == 2 })
        kill(process.pid, SIGKILL)
        _ = process.finish()
        #expect(eventually { !workers.contains(where: isAlive) }, "workers \(workers) outlived the parent")
    }
}
