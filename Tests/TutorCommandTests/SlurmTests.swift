import Foundation
import Testing
import TutorEngine

/// The light-curve work on the real SLURM this machine reaches (CI starts a one-node SLURM
/// with Tests/slurm/start). Without one these tests are skipped, and say so.
@Suite(.serialized, .enabled(if: Slurm.isAvailable, "no SLURM answers here (Tests/slurm/start starts one; see README)"))
struct SlurmTests {
    static let samples = ProcessCommandTests.samples

    static func folder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-\(name)-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The status of a submitted job folder, once `done` holds for it (or after `seconds`).
    static func status(_ job: String, within seconds: Double = 180, until done: ([String: Any]) -> Bool) throws -> [String: Any] {
        let due = Date().addingTimeInterval(seconds)
        var last: [String: Any] = [:]
        while Date() < due {
            let result = try Tutor.run(["cluster", "status", job, "--json"])
            last = try #require(try JSONSerialization.jsonObject(with: Data(result.output.joined(separator: "\n").utf8)) as? [String: Any],
                                "\(result.errors)")
            if done(last) { return last }
            usleep(250_000)
        }
        Issue.record("the job in \(job) did not reach the state waited for in \(seconds) s: \(last)")
        return last
    }

    /// Cancels the jobs a test submitted (by the ids sbatch gave it), whatever happened.
    static func cancel(_ job: String) {
        guard let data = FileManager.default.contents(atPath: job + "/jobs.json"),
              let jobs = try? JSONDecoder().decode(JobFolder.Jobs.self, from: data) else { return }
        (try? Slurm.find())?.cancel([jobs.array, jobs.reduce])
    }

    /// Six tasks with throttle 2 over the 48 samples: never more than two running at once in
    /// the recorded task slices, and the merged periods exactly those of one process.
    @Test func anArrayOfSixThrottledToTwoGivesThePeriodsOfOneProcess() throws {
        let folder = try Self.folder("cluster-demo")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trace = folder + "/trace.json"
        let demo = try Tutor.run(["demo", "cluster", "--tasks", "6", "--throttle", "2", "--trace", trace],
                                 environment: ["XDG_STATE_HOME": folder])
        #expect(demo.status == 0, "\(demo.output.suffix(20)) \(demo.errors)")
        #expect(demo.output.contains { $0.contains("48 of 48 periods from 6 tasks") }, "\(demo.output.suffix(10))")

        // The recorded slices: each task a track of its own, running at most two at a time.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: trace))) as? [String: Any])
        let events = try #require(object["traceEvents"] as? [[String: Any]])
        let names = Dictionary(events.filter { $0["ph"] as? String == "M" && $0["name"] as? String == "thread_name" }
            .compactMap { event -> (Int, String)? in
                guard let tid = event["tid"] as? Int, let args = event["args"] as? [String: Any], let name = args["name"] as? String else { return nil }
                return (tid, name)
            }, uniquingKeysWith: { first, _ in first })
        let running = events.filter { event in
            event["ph"] as? String == "X" && event["name"] as? String == "running"
                && (names[event["tid"] as? Int ?? 0]?.hasPrefix("task ") ?? false)
        }
        var edges: [(Double, Int)] = []
        for slice in running {
            let start = try #require(slice["ts"] as? Double), length = try #require(slice["dur"] as? Double)
            // Microseconds with nanosecond digits: rounded to the nanosecond, a slice that
            // ends as another starts (both at one reading of the queue) only touches it.
            let nanoseconds = { (microseconds: Double) in (microseconds * 1000).rounded() }
            edges += [(nanoseconds(start), 1), (nanoseconds(start + length), -1)]
        }
        edges.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var now = 0, most = 0
        for edge in edges { now += edge.1; most = max(most, now) }
        #expect(Set(running.compactMap { names[$0["tid"] as? Int ?? 0] }).count >= 2, "tasks were seen running")
        #expect(most <= 2, "at most two tasks ran at once")
        #expect(most >= 1)

        // The job folder the demo kept: its merged results against one process's.
        let base = folder + "/tutor/cluster"
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: base).first { $0.hasPrefix("run-") })
        let merged = try Tutor.run(["periods", "--merge", "\(base)/\(run)/parts", "--json"])
        let whole = try Tutor.run(["periods", Self.samples, "--json", "--processes", "1", "--nfreq", "100000"])
        #expect(try ChunkedPeriodsTests.periods(merged) == ChunkedPeriodsTests.periods(whole))
        #expect(try ChunkedPeriodsTests.periods(merged).count == 48)
    }

    /// Interrupted while its tasks wait their turn, the demo cancels its jobs and waits until
    /// SLURM has ended them: nothing it submitted is left queued or running.
    @Test func anInterruptedDemoLeavesNoJobBehind() throws {
        let folder = try Self.folder("cluster-cancel")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let running = try Tutor.start(["demo", "cluster", "--tasks", "6", "--throttle", "1"], environment: ["XDG_STATE_HOME": folder])
        var ids: [String] = []
        #expect(eventually(within: 60) {
            guard let line = running.outputSoFar.split(separator: "\n").first(where: { $0.hasPrefix("sbatch: array job ") }) else { return false }
            let words = line.split(separator: " ")
            ids = [String(words[3]), String(words[7])]
            return true
        }, "the demo submitted its jobs: \(running.outputSoFar)")
        let slurm = try Slurm.find()
        defer { slurm.cancel(ids) }
        kill(running.pid, SIGINT)
        let result = running.finish()
        #expect(result.status == 130)
        try #require(ids.count == 2)
        let states = try ids.flatMap { try slurm.jobs($0).compactMap { $0["JobState"] } }
        #expect(states.allSatisfy { ["CANCELLED", "COMPLETED"].contains($0) }, "\(ids): \(states)")
        #expect(states.contains("CANCELLED"), "the demo cancelled what had not run: \(states)")
    }

    /// A task that fails leaves the reduce job never started, and status names the task and
    /// its log.
    @Test func aFailedTaskLeavesTheReduceJobNeverStarted() throws {
        let folder = try Self.folder("cluster-fail")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let curves = folder + "/curves", job = folder + "/job"
        try FileManager.default.createDirectory(atPath: curves, withIntermediateDirectories: true)
        for index in 1...5 {
            try FileManager.default.copyItem(atPath: Self.samples + String(format: "/lightcurve_%02d.lc", index),
                                             toPath: curves + String(format: "/lightcurve_%02d.lc", index))
        }
        // Sorted last, so it is in the last of three shares.
        try "1 2 0.1\n2 3 0.1\nthree 4 0.1\n".write(toFile: curves + "/z_broken.lc", atomically: true, encoding: .utf8)
        let plan = try Tutor.run(["cluster", "plan", curves, "--tasks", "3", "--throttle", "2", "--nfreq", "2000", "--into", job])
        #expect(plan.status == 0, "\(plan.errors)")
        let submit = try Tutor.run(["cluster", "submit", job])
        defer { Self.cancel(job) }
        #expect(submit.status == 0, "\(submit.errors)")

        let status = try Self.status(job) { status in
            let reduce = status["reduce"] as? [String: Any]
            return (reduce?["reason"] as? String) == "DependencyNeverSatisfied" || (reduce?["state"] as? String) != "PENDING"
        }
        let tasks = try #require(status["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["state"] as? String } == ["COMPLETED", "COMPLETED", "FAILED"], "\(tasks)")
        let reduce = try #require(status["reduce"] as? [String: Any])
        #expect(reduce["state"] as? String == "PENDING")
        #expect(reduce["start"] == nil, "the reduce job never started")

        let text = try Tutor.run(["cluster", "status", job])
        #expect(text.status == 1)
        let log = try #require(tasks[2]["log"] as? String)
        #expect(text.output.contains { $0.contains("task 2") && $0.contains("FAILED") && $0.contains(log) }, "\(text.output)")
        #expect(text.output.contains { $0.contains("will never start") }, "\(text.output)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("z_broken.lc:3"), "the log says why")
    }

    /// The jobs lesson's array-task example, run as a real array: the tasks' shares are
    /// disjoint and cover every sample file.
    @Test func theLessonsArrayExampleSharesTheFilesAmongRealTasks() throws {
        let lesson = try String(contentsOfFile: CheckCommandTests.root.path + "/Lessons/02-jobs.md", encoding: .utf8)
        let blocks = lesson.components(separatedBy: "```python\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        let example = try #require(blocks.first { $0.contains("def my_share") })
        let folder = try Self.folder("cluster-lesson")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try example.write(toFile: folder + "/one_share.py", atomically: true, encoding: .utf8)
        let slurm = try Slurm.find()
        let answer = try slurm.run("sbatch", ["--parsable", "--array=1-3", "--chdir=\(CheckCommandTests.root.path)",
                                              "--output=\(folder)/task_%a.log", "--wrap", "exec python3 \(folder)/one_share.py"])
        let id = try #require(answer.output.split(separator: "\n").last.map(String.init), "\(answer.output)")
        defer { slurm.cancel([id]) }
        let due = Date().addingTimeInterval(120)
        while Date() < due, (try slurm.jobs(id)).contains(where: { !["COMPLETED", "FAILED", "CANCELLED"].contains($0["JobState"] ?? "") }) {
            usleep(250_000)
        }
        var seen: [String] = []
        for task in 1...3 {
            let log = try String(contentsOfFile: "\(folder)/task_\(task).log", encoding: .utf8)
            seen += log.split(separator: "\n").filter { $0.hasPrefix("lightcurve_") }.map { String($0.split(separator: " ")[0]) }
        }
        #expect(seen.count == 48, "every file once across the tasks: \(seen.count)")
        #expect(Set(seen).count == 48)
    }

    /// The lesson's CPU counts, in a job given one CPU: the machine's count stays, the
    /// affinity and SLURM_CPUS_PER_TASK say one, as the lesson says.
    @Test func theLessonsCPUCountsInAJobOfOneCPU() throws {
        let lesson = try String(contentsOfFile: CheckCommandTests.root.path + "/Lessons/02-jobs.md", encoding: .utf8)
        let blocks = lesson.components(separatedBy: "```python\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        let example = try #require(blocks.first { $0.contains("sched_getaffinity") && !$0.contains("def my_share") })
        let folder = try Self.folder("cluster-cpus")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try example.write(toFile: folder + "/cpus.py", atomically: true, encoding: .utf8)
        let slurm = try Slurm.find()
        let answer = try slurm.run("sbatch", ["--parsable", "--wait", "--cpus-per-task=1", "--output=\(folder)/cpus.log",
                                              "--wrap", "exec python3 \(folder)/cpus.py"], timeout: 120)
        #expect(answer.status == 0, "\(answer.output)")
        let log = try String(contentsOfFile: folder + "/cpus.log", encoding: .utf8)
        #expect(log.contains("len(os.sched_getaffinity(0)): 1 (the CPUs it may use)"), "\(log)")
        #expect(log.contains("SLURM_CPUS_PER_TASK:         1"), "\(log)")
        #expect(log.contains("os.cpu_count():              \(PoolDemo.cores) "), "\(log)")
    }
}
