import Foundation
import Testing

/// Runs the built `tutor` binary as a user would, from a pipe.
@Suite struct CommandLineTests {
    @Test func listNamesEveryDemo() throws {
        let result = try Tutor.run(["list"])
        #expect(result.status == 0)
        let ids = ["pool", "cluster", "threads", "locks", "semaphores", "conditions", "deadlock", "concurrency", "parallelism", "gil",
                   "data-structures"]
        #expect(result.output.filter { $0.hasPrefix("demo") }.count == ids.count, "no demo more or less than these")
        for id in ids {
            #expect(result.output.contains { $0.hasPrefix("demo") && $0.split(separator: " ").contains(Substring(id)) })
        }
    }

    @Test func aDemoPrintsOutputTimelineAndSummaryInPlainASCII() throws {
        let result = try Tutor.run(["demo", "locks", "--fast", "--threads", "3", "--increments", "5"])
        #expect(result.status == 0)
        #expect(result.output.first == "Counter: 15")
        #expect(result.output.contains { $0.hasPrefix("Thread-3 (tid ") && $0.contains("|") })
        #expect(result.output.contains { $0.hasPrefix("legend: ") && $0.contains("L holding-lock") })
        #expect(result.output.contains("  [ok  ] counter exact with the lock: 15 == 15"))
        #expect(result.output.joined().unicodeScalars.allSatisfy { $0.isASCII }, "a pipe gets plain ASCII")
    }

    @Test(arguments: [
        (["demo", "locks", "--threads", "0"],
         "tutor: demo locks: --threads must be an integer from 1 to 64 (number of threads), not '0'"),
        (["demo", "semaphores", "--limit", "many"],
         "tutor: demo semaphores: --limit must be an integer from 1 to 64 (semaphore limit K), not 'many'"),
        (["demo", "nothing"],
         "tutor: unknown demo 'nothing': the demos are pool, cluster, threads, locks, semaphores, conditions, deadlock, concurrency, parallelism, gil, data-structures"),
        (["demo", "locks", "--speed", "0"], "tutor: --speed must be a number from 0.05 to 100, not '0.0'"),
        (["demo", "pool", "--fmin", "5", "--fmax", "1"],
         "tutor: demo pool: --fmax must be greater than --fmin (5.0) (highest trial frequency, cycles/day), not '1.0'"),
        (["periods", "--processes", "-1"], "tutor: --processes must be an integer from 1 to 64, not '-1'"),
        (["--curves", "/nonexistent/curves"], "tutor: --curves: /nonexistent/curves: no such file or folder"),
        (["bench", "--processes", "10000"], "tutor: --processes must be an integer from 1 to 64, not '10000'"),
        (["watch", "--step", "--", "sleep", "1"],
         "tutor: watch --step holds each line of a Python script: name one it can read, e.g. tutor watch --step -- python3 mine.py"),
    ])
    func badInputIsOneLineAndExitStatusTwo(arguments: [String], message: String) throws {
        let result = try Tutor.run(arguments)
        #expect(result.status == 2)
        #expect(result.errors == [message])
        #expect(result.output.isEmpty)
    }

    @Test func traceIsChromeTraceJSON() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-\(UUID()).trace.json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Tutor.run(["demo", "semaphores", "--fast", "--threads", "4", "--limit", "2", "--trace", path])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let events = try #require(json?["traceEvents"] as? [[String: Any]])
        let other = try #require(json?["otherData"] as? [String: Any])
        #expect(json?["displayTimeUnit"] as? String == "ms")
        #expect(other["demo"] as? String == "semaphores")
        #expect((other["parameters"] as? [String: String])?["limit"] == "2")
        #expect((other["output"] as? [String])?.first?.hasPrefix("Resource: [") == true)
        #expect(other["pid"] as? Int == Int(result.pid))
        let phases = Set(events.compactMap { $0["ph"] as? String })
        #expect(phases.isSuperset(of: ["M", "X", "i", "C"]))
        let slices = events.filter { $0["ph"] as? String == "X" }
        #expect(slices.contains { $0["name"] as? String == "holding-semaphore" })
        #expect(slices.allSatisfy { ($0["ts"] as? Double ?? -1) >= 0 && ($0["dur"] as? Double ?? -1) >= 0 })
        #expect(slices.allSatisfy { $0["pid"] as? Int == Int(result.pid) && ($0["args"] as? [String: Any])?["cpu"] != nil })
        let names = events.filter { $0["name"] as? String == "thread_name" }.compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(Set(names) == Set(["main", "Thread-1", "Thread-2", "Thread-3", "Thread-4"]))
        let times = events.compactMap { $0["ph"] as? String == "M" ? nil : $0["ts"] as? Double }
        #expect(times == times.sorted())
        #expect(!slices.contains { $0["cat"] as? String == "pacer" }, "a fast run is never held")
    }

    /// A paced run's trace shows the pacer's holds, each inside a state slice of its thread.
    /// A deadlocked run: the headless demo names the cycle and exits 1, and its trace marks the
    /// cycle on both threads.
    @Test func aDeadlockIsNamedExitsOneAndIsMarkedInTheTrace() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-deadlock-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Tutor.run(["demo", "deadlock", "--fast", "--trace", path])
        #expect(result.status == 1)
        let cycle = "deadlock: Thread-1 holds lock_a and waits for lock_b; Thread-2 holds lock_b and waits for lock_a"
        #expect(result.output.first == cycle)
        #expect(result.output.contains { $0.contains("[FAIL] no deadlock: " + cycle) })
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((json?["otherData"] as? [String: Any])?["deadlock"] as? String == cycle)
        let marks = (json?["traceEvents"] as? [[String: Any]] ?? []).filter { $0["cat"] as? String == "deadlock" }
        #expect(marks.count == 2 && Set(marks.compactMap { $0["tid"] as? Int }).count == 2)
    }

    @Test func runHelpIsTutorsNotAScriptNamedHelp() throws {
        let result = try Tutor.run(["run", "--help"])
        #expect(result.status == 0)
        #expect(result.output.contains { $0.hasPrefix("USAGE: tutor run") })
    }

    /// A negative number is read as the number it is and refused by its range, with the
    /// option named (it was taken for an option, "Missing value for --fmin").
    @Test(arguments: [["periods", "--fmin", "-1"], ["periods", "--nfreq", "-5"], ["periods", "--watchdog", "-1"],
                      ["periods", "--peaks", "-1"], ["demo", "locks", "--speed", "-1"], ["bench", "--runs", "-1"]])
    func aNegativeNumberIsRefusedByItsRange(arguments: [String]) throws {
        let result = try Tutor.run(arguments)
        let option = arguments[arguments.count - 2]
        #expect(result.status == 2)
        #expect(result.errors.count == 1 && result.errors[0].hasPrefix("tutor: \(option) must be ") && !result.errors[0].contains("Missing value"),
                "\(result.errors)")
    }

    /// Every demo parameter in `demo --help` with its range, on lines that fit 80 columns and
    /// keep their indent (continuations once started at column 0), and no empty default.
    @Test func demoHelpListsEveryParameterReadably() throws {
        let result = try Tutor.run(["demo", "--help"])
        #expect(result.status == 0)
        let start = try #require(result.output.firstIndex(of: "Demos and their parameters:"))
        let reference = result.output[(start + 1)...].prefix { !$0.isEmpty && !$0.hasPrefix("USAGE:") }
        #expect(reference.allSatisfy { $0.count <= 80 && $0.hasPrefix("  ") }, "\(reference.filter { $0.count > 80 || !$0.hasPrefix("  ") })")
        #expect(!reference.contains { $0.hasSuffix("default") || $0.contains("default )") || $0.hasSuffix("default ") })
        for name in ["--processes", "--files", "--no-lock", "--rounds", "--fixed-order"] {
            #expect(reference.contains { $0.hasPrefix("      \(name)  ") }, "\(name)")
        }
    }

    @Test func aPacedTraceNestsHoldsInStates() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-\(UUID()).trace.json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Tutor.run(["demo", "locks", "--speed", "50", "--threads", "2", "--increments", "2", "--trace", path])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let slices = try #require(json?["traceEvents"] as? [[String: Any]]).filter { $0["ph"] as? String == "X" }
        let holds = slices.filter { $0["cat"] as? String == "pacer" }
        #expect(!holds.isEmpty)
        func span(_ slice: [String: Any]) -> (tid: Int, start: Double, end: Double) {
            let start = slice["ts"] as? Double ?? -1
            return (slice["tid"] as? Int ?? 0, start, start + (slice["dur"] as? Double ?? 0))
        }
        let states = slices.filter { $0["cat"] as? String == "state" }.map(span)
        for hold in holds.map(span) {
            #expect(states.contains { $0.tid == hold.tid && $0.start <= hold.start && hold.end <= $0.end + 0.001 },
                    "a hold at \(hold.start) µs lies inside one state slice of its thread")
        }
    }

    @Test func sigintCancelsAPacedDemoAndLeavesNoThread() throws {
        let process = try Tutor.start(["demo", "concurrency", "--seconds", "60"])
        #expect(eventually { process.outputSoFar.contains("Task 4 started") })
        kill(process.pid, SIGINT)
        let result = process.finish()
        #expect(result.status == 130)
        #expect(result.output.contains("Result: cancelled"))
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(result.pid)"))
    }
}

@Suite struct CheckCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theShippedLessonsPassAndListShowsThem() throws {
        let folder = Self.root.appendingPathComponent("Lessons").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".md") && $0 != "README.md" }
        #expect(files.count >= 10)
        let check = try Tutor.run(["check", folder])
        #expect(check.status == 0)
        #expect(check.output.last?.hasPrefix("\(files.count) lessons in ") == true)
        let list = try Tutor.run(["list", "--lessons", folder])
        #expect(list.output.filter { $0.hasPrefix("lesson  ") }.count == files.count)
    }

    @Test func brokenLessonsArePrintedAsFileLineMessageAndExitOne() throws {
        let corpus = Self.root.appendingPathComponent("Tests/TutorLessonsTests/Corpus").path
        let check = try Tutor.run(["check", corpus])
        #expect(check.status == 1)
        #expect(check.output.contains("\(corpus)/bad-fences.md:11: the code block opened here is never closed with ```"))
        #expect(check.output.allSatisfy { $0.hasPrefix(corpus + "/") && $0.split(separator: ":").count >= 3 })
        let list = try Tutor.run(["list", "--lessons", corpus])
        #expect(list.output.contains { $0.hasPrefix("invalid \(corpus)/no-header.md:1: ") })
        #expect(list.output.contains { $0.hasPrefix("lesson  ok ") })
    }

    @Test func aMissingLessonsFolderIsAUsageError() throws {
        let result = try Tutor.run(["check", "/nonexistent/lessons"])
        #expect(result.status == 2)
        #expect(result.errors == ["tutor: '/nonexistent/lessons' is not a folder"])
        for command in [["check"], ["list"]] {
            let named = try Tutor.run(command, environment: ["TUTOR_LESSONS": "/nonexistent"])
            #expect(named.status == 2, "\(command)")
            #expect(named.errors == ["tutor: $TUTOR_LESSONS is '/nonexistent', which is not a folder: set it to a lessons folder, or unset it"])
        }
    }
}

/// README's first command installs exactly the packages of `.ci/packages`, the one list
/// `.ci/run` installs from too.
@Suite struct InstallListTests {
    @Test func readmesFirstCommandInstallsThePackageList() throws {
        let root = CheckCommandTests.root
        let list = try String(contentsOf: root.appendingPathComponent(".ci/packages"), encoding: .utf8)
            .split(separator: "\n").compactMap { line -> String? in
                let package = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                    .trimmingCharacters(in: .whitespaces) ?? ""
                return package.isEmpty ? nil : package
            }
        #expect(list.count >= 6)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let command = try #require(readme.split(separator: "\n").first { $0.hasPrefix("apt-get update && apt-get install -y ") })
        #expect(command.dropFirst("apt-get update && apt-get install -y ".count).split(separator: " ").map(String.init) == list)
        let ci = try String(contentsOf: root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains(".ci/packages"), ".ci/run installs from the list")
    }
}
