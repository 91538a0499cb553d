#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TutorAstro

/// Every process below `pid`, found through /proc.
func descendants(of pid: Int32) -> [Int32] {
    let direct = children(of: pid)
    return direct + direct.flatMap(descendants)
}

/// The app under faults, in tmux: signals and crashes mid-demo, a killed worker, and a student
/// mashing keys while resizing. After each: the terminal restored where the app lived to do
/// it, no tutor process left, no temporary file left.
@Suite(.serialized) struct FaultTests {
    /// Starts `tutor --lesson <lesson>` from a shell in tmux that records `stty -a` before and
    /// after, and the exit status; runs the lesson's demo and returns the app's pid with the
    /// processes below it once the demo's workers are up.
    func startMidDemo(_ tmux: Tmux, lesson: String, folder: String) -> (app: Int32, workers: [Int32]) {
        tmux.type("stty -a > \(folder)/before; \(Tmux.tutor) --lesson \(lesson); echo \"status $?\"; "
                  + "stty -a > \(folder)/after; echo DO''NE")
        #expect(tmux.waitFor(" ←→ lesson"), "\(tmux.screen)")
        var pid: Int32 = 0
        #expect(eventually { pid = tmux.appPid; return pid > 1 })
        func tasks() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? 0 }
        let before = tasks()
        tmux.keys("r")
        if tmux.waitFor("Predict, then run", within: 2) { tmux.keys("1") }
        #expect(tmux.waitFor("▶ "), "\(tmux.screen)")
        // Threads show as new tasks of the app (the run's own and its workers); processes, and
        // a lesson's Python block (locks runs its block first), as its children.
        var workers: [Int32] = []
        #expect(eventually {
            workers = descendants(of: pid)
            return lesson == "semaphores" ? tasks() >= before + 3 : !workers.isEmpty
        })
        return (pid, workers)
    }

    func same(_ folder: String, _ first: String, _ second: String) throws -> Bool {
        try String(contentsOfFile: "\(folder)/\(first)", encoding: .utf8) == String(contentsOfFile: "\(folder)/\(second)", encoding: .utf8)
    }

    func withFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-faults-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGALRM], ["semaphores", "pool", "locks"])
    func aSignalMidDemoRestoresTheTerminalAndLeavesNothing(signal: Int32, lesson: String) throws {
        try withFolder { folder in
            let tmux = try Tmux("bash --norc --noprofile")
            let (app, workers) = startMidDemo(tmux, lesson: lesson, folder: folder)
            try #require(app > 1, "never signal a process group")
            kill(app, signal)
            #expect(tmux.waitFor("DONE"), "\(tmux.screen)")
            #expect(tmux.screen.contains("status \(128 + signal)"), "a signal ends the app with 128 + it")
            #expect(try same(folder, "before", "after"), "the terminal modes are as they were")
            #expect(!tmux.pane.alternate)
            #expect(eventually { !([app] + workers).contains(where: isAlive) }, "left running: \(([app] + workers).filter(isAlive))")
            #expect(tmux.leftovers.isEmpty, "left behind: \(tmux.leftovers)")
        }
    }

    @Test func workersNoticeTheAppKilledOutright() throws {
        try withFolder { folder in
            let tmux = try Tmux("bash --norc --noprofile")
            let (app, workers) = startMidDemo(tmux, lesson: "pool", folder: folder)
            try #require(app > 1 && !workers.isEmpty)
            kill(app, SIGKILL)
            #expect(eventually { !([app] + workers).contains(where: isAlive) }, "left running: \(([app] + workers).filter(isAlive))")
            #expect(tmux.leftovers.isEmpty, "left behind: \(tmux.leftovers)")
        }
    }

    @Test func aKilledWorkerIsReplacedAndTheAppCarriesOn() throws {
        try withFolder { folder in
            let tmux = try Tmux("bash --norc --noprofile")
            let (app, workers) = startMidDemo(tmux, lesson: "pool", folder: folder)
            let victim = try #require(workers.first)
            // Once it has sent a result: a worker killed before its hello fails the run instead.
            #expect(tmux.waitFor(" d  power "), "\(tmux.screen)")
            kill(victim, SIGKILL)
            // The run goes on with a new worker (or ends), and the app still answers keys.
            #expect(eventually(within: 20) { descendants(of: app).contains { !workers.contains($0) } }, "\(tmux.screen)")
            #expect(tmux.waitFor("Worker-2"), "the new worker has a row of its own")
            tmux.keys("?")
            #expect(tmux.waitFor("previous / next lesson"))
            tmux.keys("Escape", "q")
            #expect(tmux.waitFor("DONE"))
            #expect(tmux.screen.contains("status 0"))
            #expect(try same(folder, "before", "after"))
            #expect(eventually { !([app] + workers).contains(where: isAlive) && descendants(of: app).isEmpty })
            #expect(tmux.leftovers.isEmpty, "left behind: \(tmux.leftovers)")
        }
    }

    @Test func aCrashRestoresTheTerminalAndStillReports() throws {
        try withFolder { folder in
            let tmux = try Tmux("bash --norc --noprofile")
            tmux.type("stty -a > \(folder)/before; SWIFT_BACKTRACE=interactive=no \(Tmux.tutor) --crash-for-testing "
                      + "2> \(folder)/report; echo \"status $?\"; stty -a > \(folder)/after; echo DO''NE")
            #expect(tmux.waitFor("DONE", within: 30), "\(tmux.screen)")
            #expect(tmux.screen.contains("status 132") || tmux.screen.contains("status 133"),
                    "killed by the signal of Swift's fatal error (SIGILL on x86-64, SIGTRAP on arm64)")
            #expect(try same(folder, "before", "after"))
            #expect(!tmux.pane.alternate)
            let report = try String(contentsOfFile: "\(folder)/report", encoding: .utf8)
            #expect(report.contains("Fatal error: crashed on purpose"))
            #expect(report.contains("Program crashed") && report.contains("AppLoop.run()"), "Swift's backtrace follows: \(report.prefix(400))")
        }
    }

    /// Thousands of keys, none of them `q`, with resizes from 40×10 to 200×60, while demos run.
    @Test func mashingKeysAndResizingNeverCrashes() throws {
        let keys = ["Left", "Right", "Up", "Down", "Enter", "Escape", "Space", "Tab", "BSpace", "PageUp", "PageDown",
                    "Home", "End", "r", "s", "d", "p", "c", "h", "e", "+", "-", "?", "1", "2", "3", "4", "5", "9",
                    "0", ".", "x", "a", "z"]
        var random = SplitMix64(seed: 20261127)
        // From its TMPDIR, so the traces `e` exports are swept up with it.
        let tmux = try Tmux("sh -c \"cd \\\"\\$TMPDIR\\\" && exec \(Tmux.tutor)\"")
        #expect(tmux.waitFor("choose a lesson"))
        var sent = 0
        for batch in 0..<100 {
            let chosen = (0..<30).map { _ in keys[Int(random.next() % UInt64(keys.count))] }
            tmux.keys(chosen)
            sent += chosen.count
            if batch % 5 == 4 {
                tmux.resize(40 + Int(random.next() % 161), 10 + Int(random.next() % 51))
            }
            if batch % 20 == 19 { #expect(!tmux.pane.dead, "still running after \(sent) keys") }
            usleep(20_000)
        }
        #expect(!tmux.pane.dead, "still running after \(sent) keys")
        tmux.resize(80, 24)
        tmux.keys("q")  // q quits from every screen and window
        #expect(tmux.endsCleanly(within: 15), "\(tmux.pane) \(tmux.screen)")
    }
}
