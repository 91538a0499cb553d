#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TutorEngine
import TutorTestSupport

/// The real app, driven as a person would: in tmux at 80×24, typing keys and reading the screen.
@Suite(.serialized) struct TerminalAppTests {
    @Test func theFirstScreenAndArrowsChangeLessons() throws {
        let tmux = try Tmux(Tmux.tutor)
        #expect(tmux.waitFor("choose a lesson"))
        #expect(tmux.screen.contains("A process pool over many light curves"))
        tmux.keys("Enter")
        #expect(tmux.waitFor(" 1/11 "))
        tmux.keys("Right")
        #expect(tmux.waitFor(" 2/11 "))
        tmux.keys("Right", "Right")
        #expect(tmux.waitFor(" 4/11 "))
        tmux.keys("Left")
        #expect(tmux.waitFor(" 3/11 "))
        tmux.keys("?")
        #expect(tmux.waitFor("previous / next lesson"))
        tmux.keys("Escape")
        #expect(eventually { !tmux.screen.contains("previous / next lesson") })
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// A locale that is not UTF-8 gets ASCII (it once got Unicode anyway, set behind its back).
    @Test(arguments: ["LANG=C", "LC_ALL=POSIX", "LC_CTYPE=C LANG=C.UTF-8"])
    func aLocaleThatIsNotUTF8IsDrawnInASCII(locale: String) throws {
        let tmux = try Tmux("env -u LC_ALL -u LC_CTYPE \(locale) \(Tmux.tutor) --lesson locks")
        #expect(tmux.waitFor(" Lt/Rt lesson"), "\(tmux.screen)")
        let screen = tmux.screen
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII }, "\(screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// `e` writes the finished run's trace (on its own thread) and names the file, which is a
    /// whole trace of that run.
    @Test func exportingARunWritesItsTraceAndNamesTheFile() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson locks")
        #expect(tmux.waitFor(" 4/11 "))
        tmux.keys("d")
        #expect(tmux.waitFor("r runs: tutor demo locks"))
        tmux.keys("e")
        #expect(tmux.waitFor("there is no trace to export yet"), "\(tmux.screen)")
        startDemo(tmux)
        #expect(tmux.waitFor("  done  ", within: 60), "\(tmux.screen)")
        tmux.keys("e")
        #expect(tmux.waitFor("trace written: "), "\(tmux.screen)")
        let folder = tmux.state + "/tutor/traces"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1 && files[0].hasPrefix("locks-") && tmux.waitFor(files[0], within: 1), "\(files) \(tmux.screen)")
        let trace = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + (files.first ?? ""))))
        let events = ((trace as? [String: Any])?["traceEvents"] as? [[String: Any]]) ?? []
        let threads = Set(events.filter { $0["ph"] as? String == "X" }.compactMap { $0["tid"] as? Int })
        #expect(threads.count >= 4, "a slice on each of the four counting threads: \(threads)")
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// At 80×24 a finished run keeps every worker's row (the semaphores lesson's eleven), and
    /// the lesson's long code lines are wrapped with ↪, never cut.
    @Test func aFinishedRunKeepsEveryRowAndCodeIsWrapped() throws {
        let tmux = try finishedRun(lesson: "semaphores", number: 5)
        let rows = tmux.screen.split(separator: "\n")
        for number in 1...10 {
            #expect(rows.contains { $0.contains("Thread-\(number) ") }, "Thread-\(number): \(tmux.screen)")
        }
        #expect(!tmux.screen.contains("more workers"))
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")

        let pool = try Tmux("\(Tmux.tutor) --lesson pool")
        #expect(pool.waitFor(" 1/11 "))
        #expect(eventually(within: 20) {
            if pool.screen.contains("│↪") { return true }
            pool.keys("PageDown")
            return false
        }, "a wrapped code line: \(pool.screen)")
        #expect(!pool.screen.split(separator: "\n").contains { $0.hasSuffix("…") && $0.contains("│ ") }, "\(pool.screen)")
        pool.keys("q")
        #expect(pool.endsCleanly())
    }

    /// Progress that cannot be saved at quitting is said once the terminal is back, with exit
    /// status 1 (it was silent: the warning came after the screen was gone).
    @Test func aFailedSaveAtQuittingIsSaid() throws {
        let blocked = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-blocked-\(UUID())").path
        try Data().write(to: URL(fileURLWithPath: blocked))
        defer { try? FileManager.default.removeItem(atPath: blocked) }
        let tmux = try Tmux("env XDG_STATE_HOME='\(blocked)' \(Tmux.tutor) --lesson locks")
        #expect(tmux.waitFor(" 4/11 "))
        tmux.keys("q")
        // The line is long (the path) and may scroll past the top: its end names the reason.
        #expect(tmux.waitFor("is not a folder"), "\(tmux.screen)")
        #expect(eventually { tmux.exitStatus == 1 }, "\(String(describing: tmux.exitStatus))")
    }

    /// The app on lesson `id` (the `number`th), its first demo run to its end at 8× speed.
    func finishedRun(lesson id: String, number: Int) throws -> Tmux {
        let tmux = try Tmux("\(Tmux.tutor) --lesson \(id)")
        #expect(tmux.waitFor(" \(number)/11 "))
        tmux.keys("+", "+", "+")
        startDemo(tmux)
        #expect(tmux.waitFor("  done  ", within: 60), "\(tmux.screen)")
        return tmux
    }

    /// Starts the lesson's first demo, answering its question if it asks one.
    func startDemo(_ tmux: Tmux) {
        tmux.keys("r")
        if tmux.waitFor("Predict, then run", within: 1) { tmux.keys("1") }
        tmux.waitFor("▶ ")
    }

    @Test func aRunningDemoAnimatesAndPauseFreezesIt() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson concurrency")
        #expect(tmux.waitFor(" 8/11 "))
        startDemo(tmux)
        let first = tmux.screen
        #expect(eventually { tmux.screen != first }, "the timeline moves while the demo runs")
        tmux.keys("Space")
        #expect(tmux.waitFor("PAUSED"))
        // Once the last frame before the pause is drawn, the screen stays as it is.
        var paused = tmux.screen
        #expect(eventually {
            let now = tmux.screen
            defer { paused = now }
            return now == paused
        })
        for _ in 0..<10 {
            usleep(50_000)
            #expect(tmux.screen == paused, "nothing moves while paused")
        }
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    @Test func theStudentSchedulesALostUpdateByHand() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson locks")
        #expect(tmux.waitFor(" 4/11 "))
        // The lesson's second demo is the paced native race (the first is its Python block).
        tmux.keys("d")
        #expect(tmux.waitFor("tutor demo locks --no-lock --threads 4 --increments 3"), "\(tmux.screen)")
        // Slow the pace right down, start, and take over as the scheduler before anyone moves.
        tmux.keys("-", "-", "-", "-")
        startDemo(tmux)
        tmux.keys("s")
        #expect(tmux.waitFor("STEPPING"))
        // Each worker's row says the step it will take if chosen, with the shared value it names.
        func row(_ label: String, says step: String) -> Bool {
            eventually(within: 20) { tmux.screen.split(separator: "\n").contains { $0.hasPrefix(label) && $0.contains(step) } }
        }
        #expect(row("2 Thread-1 ", says: "read counter (now 0)"), "\(tmux.screen)")
        #expect(row("5 Thread-4 ", says: "read counter (now 0)"), "every thread has its own choice line: \(tmux.screen)")
        // Thread-1 reads, Thread-2 reads the same value, then both write it back plus one.
        let script = [
            ("2", "2 Thread-1 ", "write counter = 1"), ("3", "3 Thread-2 ", "write counter = 1"),
            ("2", "2 Thread-1 ", "read counter (now 1)"), ("3", "3 Thread-2 ", "read counter (now 1)"),
        ]
        for (key, label, expected) in script {
            // Each key once: pressing again after a timeout would hide a lost key, and in step
            // mode it would grant a second step.
            tmux.keys(key)
            #expect(row(label, says: expected), "after \(key): \(tmux.screen)")
        }
        #expect(tmux.waitFor("LOST UPDATE: Thread-2 wrote counter = 1, which Thread-1 had already written"), "\(tmux.screen)")
        #expect(row("5 Thread-4 ", says: "read counter (now 1)"), "the lost update pushes no choice off: \(tmux.screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly())
    }

    /// The same lost update made by hand in real CPython (the locks lesson's fourth block, `s`):
    /// the code shows where each thread waits, each row the line it runs next, and the
    /// screen says LOST UPDATE when the second write of the same value lands. The program then
    /// prints the loss itself, and quitting leaves no process of it.
    @Test func theStudentStepsRealPythonToALostUpdate() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson locks")
        #expect(tmux.waitFor(" 4/11 "))
        for _ in 0..<5 { tmux.keys("d") }
        #expect(tmux.waitFor("r runs: Python block 4"), "\(tmux.screen)")
        tmux.keys("s")
        #expect(tmux.waitFor("STEPPING"), "\(tmux.screen)")
        let lines = { tmux.screen.split(separator: "\n").map(String.init) }
        #expect(eventually(within: 20) { lines().contains { $0.hasPrefix(" 1▸import threading") } }, "main marked on its first line: \(tmux.screen)")
        func row(_ label: String, says step: String, within seconds: Double = 20) -> Bool {
            eventually(within: seconds) { lines().contains { $0.hasPrefix(label) && $0.contains(step) } }
        }
        // main, one line at a time, until it waits in join() for the threads it started.
        for _ in 0..<30 {
            if row("1 MainThread", says: "waits for others", within: 0.5) { break }
            let before = lines().first { $0.hasPrefix("1 MainThread") }
            tmux.keys("1")
            _ = eventually(within: 5) { lines().first { $0.hasPrefix("1 MainThread") } != before }
        }
        #expect(row("1 MainThread", says: "19: waits for others"), "main inside its join: \(tmux.screen)")
        // Each thread to its first read.
        for (key, label) in [("2", "2 Thread-1"), ("3", "3 Thread-2")] where !row(label, says: "10 value = counter", within: 1) {
            tmux.keys(key)
        }
        #expect(row("2 Thread-1", says: "10 value = counter") && row("3 Thread-2", says: "10 value = counter"), "\(tmux.screen)")
        #expect(lines().contains { $0.hasPrefix(" 2▸") && $0.contains("value = counter") }, "the code marks it: \(tmux.screen)")
        let script = [("2", "2 Thread-1", "11 time.sleep(0)"), ("3", "3 Thread-2", "11 time.sleep(0)"),
                      ("2", "2 Thread-1", "12 counter = value + 1"), ("2", "2 Thread-1", "for _ in range(n)"),
                      ("3", "3 Thread-2", "12 counter = value + 1")]
        for (key, label, expected) in script {
            tmux.keys(key)
            #expect(row(label, says: expected), "after \(key): \(tmux.screen)")
        }
        #expect(tmux.waitFor("counter = 1   Thread-1: n=2 value=0   Thread-2: n=2 value=0"), "the variables: \(tmux.screen)")
        tmux.keys("3")
        #expect(tmux.waitFor("LOST UPDATE: Thread-2"), "\(tmux.screen)")
        #expect(tmux.waitFor("wrote counter = 1, which Thread-1"), "\(tmux.screen)")
        // The rest at tutor's pace: the program prints what it lost.
        tmux.keys("Space")
        #expect(tmux.waitFor("expected 4, lost", within: 30), "\(tmux.screen)")
        #expect(!tmux.screen.contains("lost 0"))
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// With twelve threads at 80×24, step mode still gives every thread its own row, with the
    /// step it will take; none is cut off for the message lines.
    @Test func twelveThreadsEachHaveTheirChoiceAt80x24() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-lessons-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        ---
        id: many
        title: Many threads
        demo: locks --no-lock --threads 12 --increments 1
        ---
        # Many threads

        Twelve threads add one each.
        """.write(toFile: folder + "/01-many.md", atomically: true, encoding: .utf8)
        let tmux = try Tmux("\(Tmux.tutor) --lessons '\(folder)' --lesson many")
        #expect(tmux.waitFor(" 1/1 "))
        tmux.keys("s")
        #expect(tmux.waitFor("STEPPING"))
        let rows = (1...12).map { "Thread-\($0) " }
        #expect(eventually(within: 20) {
            let lines = tmux.screen.split(separator: "\n")
            return rows.allSatisfy { name in lines.contains { $0.contains(name) && $0.contains("read counter (now 0)") } }
        }, "\(tmux.screen)")
        #expect(!tmux.screen.contains("more workers"))
        // Rows past the ninth are keyed A, B, C, D in order (main is row 1): D steps Thread-12.
        let lines = { tmux.screen.split(separator: "\n").map(String.init) }
        #expect(["A Thread-9 ", "B Thread-10 ", "C Thread-11 ", "D Thread-12 "].allSatisfy { label in lines().contains { $0.hasPrefix(label) } },
                "\(tmux.screen)")
        tmux.keys("D")
        #expect(eventually(within: 20) { lines().contains { $0.hasPrefix("D Thread-12 ") && $0.contains("write counter = 1") } },
                "\(tmux.screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// The jobs lesson submits a real array: a row per task at 80×24, the prediction judged on
    /// what SLURM ran, the per-core view showing the tasks on their CPUs.
    @Test(.enabled(if: Slurm.isAvailable, "no SLURM answers here (Tests/slurm/start starts one; see README)"))
    func theJobsLessonRunsARealArrayWithARowPerTask() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson jobs")
        #expect(tmux.waitFor(" 2/11 "))
        tmux.keys("r")
        #expect(tmux.waitFor("Predict, then run"))
        tmux.keys("2")
        #expect(tmux.waitFor("▶ cluster"))
        #expect(tmux.waitFor("48 of 48 periods", within: 120), "\(tmux.screen)")
        #expect(tmux.waitFor("You predicted \"About three tasks' time: they run two at a time\": right"), "\(tmux.screen)")
        let screen = tmux.screen
        for row in ["task 0", "task 1", "task 2", "task 3", "task 4", "task 5", "reduce"] {
            #expect(screen.contains(row), "\(row) has its row at 80×24: \(screen)")
        }
        tmux.keys("c")
        #expect(tmux.waitFor("CPU 0"))
        tmux.keys("q")
        #expect(tmux.endsCleanly())
    }

    /// Without a SLURM the jobs demo explains in one screen how to get one, and runs nothing.
    @Test func withoutSlurmTheJobsDemoSaysHowToGetOne() throws {
        let tmux = try Tmux("env PATH=/nonexistent \(Tmux.tutor) --lesson jobs")
        #expect(tmux.waitFor(" 2/11 "))
        tmux.keys("r")
        #expect(tmux.waitFor("Predict, then run"))
        tmux.keys("2")
        #expect(tmux.waitFor("This demo needs a real SLURM"), "\(tmux.screen)")
        #expect(tmux.waitFor("apt-get install -y slurm-wlm munge"), "\(tmux.screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly())
    }

    /// The GIL lesson runs its own Python block in real CPython: the prediction is judged on
    /// what the run measured (at most one thread computing at once), every thread has a row,
    /// and waiting for the GIL is on the legend.
    /// The deadlock lesson's demo at 80×24: two real threads caught in a cycle of lock waits,
    /// named on the screen and marked on both rows, then broken, and the prediction judged.
    @Test func theDeadlockLessonNamesTheCycleOnTheScreen() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson deadlock")
        #expect(tmux.waitFor(" 7/11 "))
        tmux.keys("r")
        #expect(tmux.waitFor("Predict, then run"), "\(tmux.screen)")
        tmux.keys("2")
        #expect(tmux.waitFor("Deadlock: Thread-1 holds lock_a and waits for lock_b", within: 20), "\(tmux.screen)")
        let rows = tmux.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("2 Thread-1 ") || $0.hasPrefix("3 Thread-2 ") }
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains("✗") }, "a mark on each of the two rows: \(tmux.screen)")
        // tutor breaks it after a moment; the run ends and the prediction is judged.
        #expect(tmux.waitFor("Result: deadlock: Thread-1 holds lock_a", within: 20), "\(tmux.screen)")
        #expect(tmux.waitFor("for ever\": right", within: 20), "the prediction judged: \(tmux.screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// The deadlock made by hand in real CPython (the deadlock lesson's block, `s`): each
    /// thread takes its first lock, then asks for the other's; the screen names the cycle, both
    /// rows say what they are blocked on, and a key that cannot free them says why.
    @Test func theStudentDeadlocksRealPythonByHand() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson deadlock")
        #expect(tmux.waitFor(" 7/11 "))
        tmux.keys("d", "d")
        #expect(tmux.waitFor("r runs: Python block 1"), "\(tmux.screen)")
        tmux.keys("s")
        let lines = { tmux.screen.split(separator: "\n").map(String.init) }
        func row(_ label: String, says text: String, within seconds: Double = 20) -> Bool {
            eventually(within: seconds) { lines().contains { $0.hasPrefix(label) && $0.contains(text) } }
        }
        // main starts both threads and stays before its join.
        for _ in 0..<30 where !row("1 MainThread", says: "t1.join(timeout=1)", within: 0.5) {
            let before = lines().first { $0.hasPrefix("1 MainThread") }
            tmux.keys("1")
            _ = eventually(within: 5) { lines().first { $0.hasPrefix("1 MainThread") } != before }
        }
        #expect(row("1 MainThread", says: "t1.join(timeout=1)"), "\(tmux.screen)")
        let script = [("2", "2 Thread-1", "time.sleep(0.2)"), ("3", "3 Thread-2", "time.sleep(0.2)"),
                      ("2", "2 Thread-1", "with second:"), ("3", "3 Thread-2", "with second:"),
                      ("2", "2 Thread-1", "blocked: lock_b"), ("3", "3 Thread-2", "blocked: lock_a")]
        for (key, label, _) in [("2", "2 Thread-1", ""), ("3", "3 Thread-2", "")] where !row(label, says: "with first:", within: 1) {
            tmux.keys(key)
        }
        for (key, label, expected) in script {
            tmux.keys(key)
            #expect(row(label, says: expected), "after \(key): \(tmux.screen)")
        }
        #expect(tmux.waitFor("Deadlock: Thread-1"), "\(tmux.screen)")
        #expect(tmux.waitFor("holds lock_a and waits for lock_b"), "\(tmux.screen)")
        tmux.keys("2")
        #expect(tmux.waitFor("Thread-1 is deadlocked on lock_b"), "\(tmux.screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// `tutor watch --step` on the student's own script: its code is on screen with main marked
    /// on its first line, each key runs one line, and the program ends with its own status.
    @Test func watchStepsTheStudentsOwnScript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-watch-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("mine.py").path
        try "total = 0\nfor i in range(3):\n    total = total + i\nprint('total', total)\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let tmux = try Tmux("\(Tmux.tutor) watch --step -- python3 \(script)")
        let lines = { tmux.screen.split(separator: "\n").map(String.init) }
        #expect(eventually(within: 20) { lines().contains { $0.hasPrefix(" 1▸total = 0") } }, "\(tmux.screen)")
        #expect(tmux.waitFor("▸ 1 total = 0"), "the row says the line: \(tmux.screen)")
        tmux.keys("1")
        #expect(eventually(within: 20) { lines().contains { $0.hasPrefix(" 1▸for i in range(3):") } }, "\(tmux.screen)")
        // The rest at tutor's pace, then the program's own end.
        tmux.keys("Space")
        #expect(tmux.waitFor("total 3", within: 30), "\(tmux.screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// A finished run at 80×24 shows its newest output lines, each with the worker that
    /// printed it, and says how many of how many when not all fit.
    @Test func aFinishedRunShowsItsNewestOutputLines() throws {
        let tmux = try finishedRun(lesson: "concurrency", number: 8)
        let lines = tmux.screen.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  main: All tasks completed") }, "the newest line, by main: \(tmux.screen)")
        if let header = lines.first(where: { $0.hasPrefix("output (the newest ") }) {
            let shown = header.split(separator: " ").compactMap { Int($0) }
            try #require(shown.count == 2, "\(header)")
            // The newest k of 11: before main's last line come the tasks' completions (in
            // whatever order they finished), never a start.
            let completions = lines.filter { $0.hasPrefix("  Task-") && $0.contains(" completed") }
            #expect(shown[1] == 11 && completions.count == shown[0] - 1, "\(tmux.screen)")
            #expect(!lines.contains { $0.contains("Task 0 started") }, "not the oldest: \(tmux.screen)")
        }
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    /// `tutor --curves`: the pool lesson searches the student's own survey files (an ASAS-SN
    /// table and a TESS-like FITS file) instead of the samples, and says what each kept.
    @Test func thePoolLessonSearchesTheStudentsOwnFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-own-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SurveyFixtures.asassn().text.write(toFile: folder + "/asassn.csv", atomically: true, encoding: .utf8)
        let points = SurveyFixtures.points(400, seed: 4)
        try FITSFixture.write(folder + "/tess.fits", columns: [
            ("TIME", points.map { $0.time }), ("PDCSAP_FLUX", points.map { $0.value }), ("PDCSAP_FLUX_ERR", points.map { $0.error }),
        ])
        let tmux = try Tmux("\(Tmux.tutor) --lesson pool --curves \(folder)")
        #expect(tmux.waitFor(" 1/11 "))
        tmux.keys("+", "+", "+")
        // The lesson's question is about the samples: with the student's files, the run starts.
        tmux.keys("r")
        #expect(tmux.waitFor("2 of 2 light curves done by 1 process", within: 60), "\(tmux.screen)")
        #expect(tmux.waitFor("rows"), "each file says how many rows it kept: \(tmux.screen)")
        tmux.keys("q")
        #expect(tmux.endsCleanly(), "\(tmux.pane) \(tmux.screen)")
    }

    @Test func theGILLessonRunsRealPython() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson gil")
        #expect(tmux.waitFor(" 9/11 "))
        tmux.keys("r")
        #expect(tmux.waitFor("Predict, then run"))
        tmux.keys("2")
        #expect(tmux.waitFor("▶ python block 1"))
        #expect(tmux.waitFor("You predicted \"One at a time: they take turns for the GIL\": right", within: 30), "\(tmux.screen)")
        let screen = tmux.screen
        #expect(screen.contains("1 MainThread") && screen.contains("2 Thread-1 (count)") && screen.contains("3 Thread-2 (count)"),
                "every thread has its row at 80×24: \(screen)")
        #expect(screen.contains("g waiting-gil"))
        #expect(tmux.waitFor("at most 1 computing at once", within: 1), "the result line says so (wrapped as it may be)")
        tmux.keys("q")
        #expect(tmux.endsCleanly())
        #expect(tmux.leftovers.isEmpty, "left behind: \(tmux.leftovers)")
    }

    @Test func resizingRedrawsAndTooSmallAsksToEnlarge() throws {
        let tmux = try Tmux("\(Tmux.tutor) --lesson gil")
        #expect(tmux.waitFor(" 9/11 "))
        tmux.resize(120, 40)
        // At 120 columns the key bar has room for keys that 80 columns cannot show.
        #expect(tmux.waitFor("e trace"))
        #expect(tmux.screen.contains(" 9/11 "))
        tmux.resize(60, 20)
        #expect(tmux.waitFor("Please enlarge the terminal"))
        tmux.resize(80, 24)
        #expect(tmux.waitFor(" 9/11 "))
        tmux.keys("q")
        #expect(tmux.endsCleanly())
    }

    @Test func quittingRestoresTheTerminalModes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-stty-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tmux = try Tmux("bash --norc --noprofile")
        tmux.type("stty -a > \(folder)/before; \(Tmux.tutor) --lesson threads; stty -a > \(folder)/after; echo FINI''SHED")
        #expect(tmux.waitFor(" 3/11 "))
        startDemo(tmux)
        tmux.keys("q")
        #expect(tmux.waitFor("FINISHED"))
        let before = try String(contentsOfFile: folder + "/before", encoding: .utf8)
        let after = try String(contentsOfFile: folder + "/after", encoding: .utf8)
        #expect(before == after)
        #expect(!tmux.pane.alternate)
    }

    /// A folder for `stty -a` snapshots, removed afterwards.
    func withSttyFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-stty-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    func same(_ folder: String, _ first: String, _ second: String) throws -> Bool {
        try String(contentsOfFile: "\(folder)/\(first)", encoding: .utf8) == String(contentsOfFile: "\(folder)/\(second)", encoding: .utf8)
    }

    @Test func sigtermEndsTheAppCleanlyAndLeavesNoWorker() throws {
        try withSttyFolder { folder in
            let tmux = try Tmux("bash --norc --noprofile")
            tmux.type("stty -a > \(folder)/before; \(Tmux.tutor) --lesson pool; echo \"status $?\"; stty -a > \(folder)/after; echo DO''NE")
            #expect(tmux.waitFor(" 1/11 "))
            startDemo(tmux)
            var pid: Int32 = 0
            #expect(eventually { pid = tmux.appPid; return pid > 1 })
            try #require(pid > 1, "never signal a process group")
            var workers: [Int32] = []
            #expect(eventually { workers = children(of: pid); return !workers.isEmpty })
            kill(pid, SIGTERM)
            #expect(tmux.waitFor("DONE"))
            #expect(tmux.screen.contains("status \(128 + SIGTERM)"), "a signal ends the app with 128 + it")
            #expect(try same(folder, "before", "after"))
            #expect(!tmux.pane.alternate)
            #expect(eventually { !workers.contains(where: isAlive) })
        }
    }

    @Test func ctrlZSuspendsWithTheTerminalRestoredAndFgRedraws() throws {
        try withSttyFolder { folder in
            let tmux = try Tmux("bash --norc --noprofile")
            tmux.type("stty -a > \(folder)/before; \(Tmux.tutor) --lesson semaphores; stty -a > \(folder)/after; echo EXI''TED")
            #expect(tmux.waitFor(" 5/11 "))
            tmux.keys("C-z")
            #expect(tmux.waitFor("Stopped"))
            #expect(eventually { !tmux.pane.alternate })
            tmux.type("stty -a > \(folder)/suspended")
            #expect(eventually { (try? same(folder, "before", "suspended")) == true }, "suspended, the terminal is as it was")
            tmux.type("fg")
            #expect(tmux.waitFor(" 5/11 "))
            tmux.keys("q")
            #expect(tmux.waitFor("EXITED"))
            #expect(try same(folder, "before", "after"))
            #expect(!tmux.pane.alternate)
        }
    }

    @Test func withoutATerminalItSaysWhatToDoInstead() throws {
        let result = try Tutor.run([])
        #expect(result.status == 2)
        #expect(result.output.isEmpty, "no escape codes into a pipe")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.contains("tutor demo <id> --plain") == true)
    }
}
