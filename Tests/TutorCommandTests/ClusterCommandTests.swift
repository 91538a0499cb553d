import Foundation
import Testing
import TutorEngine

/// Splitting the period search into shares and merging them back (no SLURM needed), and
/// what the cluster commands say without a SLURM.
@Suite struct ChunkedPeriodsTests {
    static let samples = ProcessCommandTests.samples

    /// `file → period` from `tutor periods … --json` or `--merge … --json` output.
    static func periods(_ result: Tutor.Result) throws -> [String: Double] {
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.output.joined(separator: "\n").utf8)) as? [[String: Any]])
        var periods: [String: Double] = [:]
        for entry in entries {
            let file = try #require(entry["file"] as? String)
            periods[(file as NSString).lastPathComponent] = try #require(entry["period"] as? Double, "\(entry)")
        }
        return periods
    }

    @Test func sharesMergeIntoExactlyThePeriodsOfOneRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-parts-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let whole = try Tutor.run(["periods", Self.samples, "--json", "--processes", "1"])
        #expect(whole.status == 0)
        let expected = try Self.periods(whole)
        #expect(expected.count == 48)

        for index in 0..<5 {
            let part = try Tutor.run(["periods", Self.samples, "--chunk", "\(index)/5", "--out", "\(folder)/part_\(index).json"])
            #expect(part.status == 0, "\(part.errors)")
            #expect(part.output.count == 48 * (index + 1) / 5 - 48 * index / 5, "a line per file of the share, for the task's log")
            #expect(part.errors.first?.contains("share \(index)/5") == true, "\(part.errors)")
        }
        let merged = try Tutor.run(["periods", "--merge", folder, "--json"])
        #expect(merged.status == 0, "\(merged.errors)")
        #expect(try Self.periods(merged) == expected)

        // A missing share is named, and the merge fails.
        try FileManager.default.removeItem(atPath: "\(folder)/part_3.json")
        let partial = try Tutor.run(["periods", "--merge", folder])
        #expect(partial.status == 1)
        #expect(partial.errors.contains { $0.contains("share 3/5: no part found") }, "\(partial.errors)")
        #expect(partial.output.count < 48)
    }

    @Test func aManifestNamesTheFiles() throws {
        let manifest = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-manifest-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: manifest) }
        try "# three of them\n\(Self.samples)/lightcurve_01.lc\n\n\(Self.samples)/lightcurve_02.lc\n\(Self.samples)/lightcurve_03.lc\n"
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let result = try Tutor.run(["periods", "--manifest", manifest, "--chunk", "1/3", "--json", "--nfreq", "2000"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try Self.periods(result).keys.sorted() == ["lightcurve_02.lc"])
    }

    /// The default pool is the CPUs this process may use, or fewer if SLURM says so; never
    /// the machine's core count, and it says which.
    @Test func theDefaultPoolIsTheCPUsThisProcessMayUse() throws {
        let file = Self.samples + "/lightcurve_01.lc"
        let usable = UsableCPUs.count
        let plain = try Tutor.run(["periods", file, "--nfreq", "2000"])
        #expect(plain.errors.first?.contains("CPU\(usable == 1 ? "" : "s") this process may use") == true, "\(plain.errors)")
        let inJob = try Tutor.run(["periods", Self.samples, "--nfreq", "2000"], environment: ["SLURM_CPUS_PER_TASK": "1"])
        if usable > 1 {
            #expect(inJob.errors.first?.contains("on 1 worker process: SLURM_CPUS_PER_TASK=1") == true, "\(inJob.errors)")
            let pids = Set(inJob.output.compactMap { $0.split(separator: " ").last.map(String.init) })
            #expect(pids.count == 1, "one worker process in a job of one CPU: \(pids)")
        }
        let pinned = try ChildOutput.run("/usr/bin/taskset", ["-c", "0", Tutor.executable.path, "periods", file, "--nfreq", "2000"])
        #expect(pinned.contains("on 1 worker process: 1 CPU this process may use"), "\(pinned)")
    }

    /// A plan that cannot be written whole leaves nothing of its own behind (a half-written
    /// folder of scripts without a plan), and what was there stays.
    @Test func aPlanThatFailsLeavesNoHalfWrittenFolder() throws {
        let job = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-job-\(UUID())").path
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: job) }
        // A file where the logs folder must go: the third folder cannot be made.
        try "mine".write(toFile: job + "/logs", atomically: true, encoding: .utf8)
        let plan = try Tutor.run(["cluster", "plan", Self.samples, "--tasks", "2", "--into", job])
        #expect(plan.status != 0, "\(plan.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: job) == ["logs"], "only what was there")
        #expect(try String(contentsOfFile: job + "/logs", encoding: .utf8) == "mine")
    }

    @Test func withoutSlurmEveryClusterCommandSaysWhatToDoAndPlanStillWorks() throws {
        let job = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-job-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: job) }
        let noSlurm: [String: String?] = ["PATH": "/nonexistent", "SLURM_CONF": nil]
        let plan = try Tutor.run(["cluster", "plan", Self.samples, "--tasks", "4", "--throttle", "2", "--into", job], environment: noSlurm)
        #expect(plan.status == 0, "\(plan.errors)")
        let script = try String(contentsOfFile: job + "/array.sbatch", encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-3%2"))
        #expect(script.contains("--chunk slurm"))
        #expect(script.contains("export OMP_NUM_THREADS=1"))
        #expect(try String(contentsOfFile: job + "/manifest.txt", encoding: .utf8).split(separator: "\n").count == 49)
        for command in [["cluster", "submit", job], ["cluster", "status", job]] {
            let result = try Tutor.run(command, environment: noSlurm)
            #expect(result.status == 1)
            #expect(result.errors.count == 1, "one line: \(result.errors)")
            #expect(result.errors.first?.contains("sbatch is not on PATH") == true)
            #expect(result.errors.first?.contains("apt-get install -y slurm-wlm munge") == true)
        }
        let again = try Tutor.run(["cluster", "plan", Self.samples, "--tasks", "4", "--into", job])
        #expect(again.status == 2, "a folder holding a job is not overwritten")
        #expect(again.errors.first?.contains("holds a planned job already") == true, "\(again.errors)")
        let tooMany = try Tutor.run(["cluster", "plan", Self.samples + "/lightcurve_01.lc", "--tasks", "3", "--into", job + "-more"])
        #expect(tooMany.status == 2)
        #expect(tooMany.errors == ["tutor: 1 file cannot fill 3 tasks: choose --tasks 1 or fewer, so that every task has a file to do"])
        #expect(!FileManager.default.fileExists(atPath: job + "-more"), "nothing is written for a plan refused")
        for (time, accepted) in [("10min", false), ("00:10:00", true), ("30", true), ("1-12", true), ("1:2:3:4", false)] {
            let planned = try Tutor.run(["cluster", "plan", Self.samples, "--tasks", "2", "--time", time, "--into", job + "-" + time])
            defer { try? FileManager.default.removeItem(atPath: job + "-" + time) }
            #expect((planned.status == 0) == accepted, "--time \(time): \(planned.errors)")
            if !accepted { #expect(planned.errors.first?.contains("is not a time SLURM reads") == true) }
        }
    }
}

/// A program's output and errors together, run to its end.
enum ChildOutput {
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
