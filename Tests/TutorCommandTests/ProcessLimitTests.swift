#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// A low limit on processes and threads (`ulimit -u`, as login nodes set): tutor says which
/// limit in one line when nothing can start, and searches every file on the workers it could
/// start when some could not (it once printed nothing at all in `--json` mode).
@Suite struct ProcessLimitTests {
    /// What `tutor periods` printed and how it ended under a limit of `limit` processes.
    struct Limited {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `tutor periods` under `RLIMIT_NPROC = limit` counted for a user of its own. Root
    /// ignores the limit, so as root the run drops to an unused uid with `setpriv`; as anyone
    /// else the limit is raised by the tasks the user already has, which count against it.
    func periods(_ arguments: [String], limit: Int) throws -> Limited {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-nproc-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        chmod(folder, 0o777)
        let words = ([Tutor.executable.path, "periods"] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let user = getuid() == 0 ? "setpriv --reuid=64999 --regid=64999 --clear-groups " : ""
        let allowed = getuid() == 0 ? limit : limit + tasksOfThisUser()
        let script = "cd '\(folder)' && HOME='\(folder)' TMPDIR='\(folder)' \(user)prlimit --nproc=\(allowed) "
            + "\(words) > '\(folder)/out' 2> '\(folder)/err'; echo $?"
        let status = try ChildOutput.run("/bin/sh", ["-c", script]).trimmingCharacters(in: .whitespacesAndNewlines)
        return Limited(status: Int32(status) ?? -1,
                       output: try String(contentsOfFile: folder + "/out", encoding: .utf8),
                       errors: try String(contentsOfFile: folder + "/err", encoding: .utf8))
    }

    /// The threads of every process this user runs: each counts against `ulimit -u`.
    func tasksOfThisUser() -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int32($0) != nil }.reduce(0) { total, pid in
            var status = stat()
            guard stat("/proc/\(pid)", &status) == 0, status.st_uid == getuid() else { return total }
            return total + ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? 0)
        }
    }

    @Test func noRoomForAWorkerIsOneLineNamingTheLimit() throws {
        let run = try periods([ProcessCommandTests.samples, "--processes", "2", "--nfreq", "2000"], limit: 2)
        #expect(run.status == 1)
        let lines = run.errors.split(separator: "\n").filter { !$0.hasPrefix("tutor periods: ") }
        #expect(lines.count == 1 && lines[0].contains("Resource temporarily unavailable")
                && lines[0].contains("ulimit -u"), "\(run.errors)")
        #expect(!run.errors.contains("Backtracing") && run.output.isEmpty, "\(run.errors)")
    }

    @Test func fewerWorkersThanAskedForStillSearchEveryFile() throws {
        let run = try periods([ProcessCommandTests.samples, "--processes", "4", "--nfreq", "2000", "--json"], limit: 6)
        #expect(run.status == 0, "\(run.errors)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(records.count == 48 && records.allSatisfy { $0["period"] is Double }, "\(run.output.prefix(400))")
        let pids = Set(records.compactMap { $0["pid"] as? Int })
        #expect((1..<4).contains(pids.count), "\(pids.count) workers did the files")
        #expect(run.errors.contains("of 4 worker processes kept going") && run.errors.contains("ulimit -u"), "\(run.errors)")
    }
}
