#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TutorEngine

/// Real CPython stepped line by line (the probe's `tutor_lines.py` and `LineGate`): a test
/// plays the student, granting one line at a time, and the schedule it chooses decides what
/// the program prints, on every CPython 3.9 or later here.
@Suite struct SteppedPythonTests {
    /// A stepped run of a script, and how a test plays the scheduler in it.
    final class Stepper {
        let run: DemoRun
        let folder: URL

        init(_ script: String, python: String) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-stepped-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("block.py").path
            try script.write(toFile: file, atomically: true, encoding: .utf8)
            run = try DemoRun.start(ObservedProgramDemo(command: [python, file], captured: true, stepped: true),
                                    parameters: ParameterValues([]), mode: .stepping)
        }

        deinit {
            run.cancel()
            run.wait()
            try? FileManager.default.removeItem(at: folder)
        }

        /// The lane of the thread whose name begins with `prefix`, once it exists.
        func lane(_ prefix: String) throws -> Int {
            var found: Int?
            _ = eventually(within: 30) {
                found = run.recorder.snapshot().tracks.first { $0.info.name.hasPrefix(prefix) }?.info.id
                return found != nil
            }
            return try #require(found, "no thread named \(prefix)…")
        }

        /// The line `lane` waits before, once it waits (nil if it ended or never waits again).
        func waitingLine(_ lane: Int, within seconds: Double = 30) -> String? {
            guard run.pacer.awaitCheckpoint(lane, timeout: seconds) else { return nil }
            return run.pacer.nextSteps[lane]
        }

        /// Grants `lane` one line and waits until it has run it; returns the line.
        @discardableResult
        func step(_ lane: Int) throws -> String {
            let line = try #require(waitingLine(lane), "lane \(lane) waits for no step")
            try #require(run.pacer.step(lane))
            settle(lane)
            return line
        }

        /// Waits until `lane`, let go, has taken its step: it waits before its next line, or
        /// is blocked (on a lock, in a join) since it was let go, or has ended.
        func settle(_ lane: Int) {
            let blocked: Set<WorkerState> = [.waitingLock, .waitingSemaphore, .waitingCondition, .idle, .sleeping]
            _ = eventually(within: 30) {
                if run.pacer.nextSteps[lane] != nil || run.currentStatus != .running { return true }
                guard let track = run.recorder.snapshot().tracks.first(where: { $0.info.id == lane }) else { return false }
                guard track.doneTime == nil else { return true }
                guard let letGo = track.events.last(where: { $0.kind == .hold && $0.code == 0 })?.time,
                      let now = track.events.last(where: { $0.kind == .state }) else { return false }
                return now.time > letGo && now.state.map(blocked.contains) == true
            }
        }

        /// Steps `lane` until it waits before a line containing `text`.
        func step(_ lane: Int, until text: String, limit: Int = 40) throws {
            for _ in 0..<limit {
                if let line = waitingLine(lane), line.contains(text) { return }
                try step(lane)
            }
            Issue.record("lane \(lane) never reached \(text)")
        }

        /// Steps the program to its end, always the first thread that waits: each runs alone
        /// until it ends or blocks, so the rest of the schedule is as fixed as its start.
        func finish(limit: Int = 400) {
            for _ in 0..<limit {
                _ = eventually(within: 30) { !run.pacer.nextSteps.isEmpty || run.currentStatus != .running }
                guard run.currentStatus == .running, let next = run.pacer.nextSteps.keys.min() else { return }
                run.pacer.step(next)
                settle(next)
            }
        }
    }

    static var lesson: [String] {
        get throws {
            let text = try String(contentsOf: ObservedProgramTests.root.appendingPathComponent("Lessons/04-locks.md"), encoding: .utf8)
            return ObservedProgramTests.pythonBlocks(text)
        }
    }

    /// The locks lesson's Python block `index` (0-based) stepped until main has started both
    /// threads and waits before its first join; with the block's source.
    static func started(block index: Int, python: String) throws -> (Stepper, String) {
        let blocks = try lesson
        try #require(blocks.count > index)
        let stepper = try Stepper(blocks[index], python: python)
        try stepper.step(try stepper.lane("MainThread"), until: "t.join()")
        return (stepper, blocks[index])
    }

    /// The locks lesson's by-hand race (its fourth block): main starts both threads, Thread-1
    /// reads, Thread-2 reads, both write. The program itself prints the update lost, and
    /// the recording holds both writes of the same value, from two threads.
    @Test(arguments: ObservedProgramTests.pythons)
    func aScriptedScheduleMakesTheLostUpdate(python: String) throws {
        let (stepper, block) = try Self.started(block: 3, python: python)
        #expect(block.contains("args=(2,)") && !block.contains("counter_lock"))
        let (first, second) = (try stepper.lane("Thread-1"), try stepper.lane("Thread-2"))
        try stepper.step(first, until: "value = counter")
        try stepper.step(second, until: "value = counter")
        try stepper.step(first)                                      // Thread-1 reads 0
        try stepper.step(second)                                     // Thread-2 reads 0
        try stepper.step(first, until: "counter = value + 1")
        try stepper.step(first)                                      // Thread-1 writes 1
        try stepper.step(second, until: "counter = value + 1")
        try stepper.step(second)                                     // Thread-2 writes 1 again
        stepper.finish()
        guard case .completed(let outcome, _) = stepper.run.wait() else { Issue.record("the run did not complete"); return }
        let recording = stepper.run.recorder.snapshot()
        #expect(recording.output.last?.text == "counter = 3, expected 4, lost 1", "printed \(recording.output.map(\.text))")
        #expect(outcome.values["printed_number"] == 1)
        let writes = recording.tracks.flatMap { track in
            track.events.filter { $0.instant == .write && recording.name(of: $0.object) == "counter" }.map { (track.info.id, $0.value) }
        }
        #expect(writes.filter { $0.1 == 1 }.map(\.0).sorted() == [first, second].sorted(), "writes: \(writes)")
        let reads = recording.tracks.flatMap { track in track.events.filter { $0.instant == .read }.map { (track.info.id, $0.value) } }
        #expect(reads.filter { $0.1 == 0 }.count == 2, "both read 0: \(reads)")
    }

    /// With the lock (the fifth block), the same schedule cannot be made: once Thread-1 is
    /// inside `with counter_lock:`, Thread-2's step into it leaves it waiting for the lock, not
    /// for the student, until Thread-1 lets go. Nothing is lost.
    @Test(arguments: ObservedProgramTests.pythons)
    func withTheLockTheSecondThreadIsBlockedAndNothingIsLost(python: String) throws {
        let (stepper, block) = try Self.started(block: 4, python: python)
        #expect(block.contains("with counter_lock:") && block.contains("args=(2,)"))
        let (first, second) = (try stepper.lane("Thread-1"), try stepper.lane("Thread-2"))
        try stepper.step(first, until: "with counter_lock:")
        try stepper.step(second, until: "with counter_lock:")
        try stepper.step(first)                                      // Thread-1 takes the lock
        try #require(stepper.waitingLine(first)?.contains("value = counter") == true)
        try stepper.step(second)                                     // Thread-2 asks for it
        #expect(eventually(within: 10) { lastState(stepper.run, second) == .waitingLock })
        #expect(stepper.run.pacer.nextSteps[second] == nil)
        #expect(!stepper.run.pacer.step(second), "a blocked thread takes no step")
        stepper.finish()
        _ = stepper.run.wait()
        #expect(stepper.run.recorder.snapshot().output.last?.text == "counter = 4, expected 4")
    }

    /// The deadlock lesson's block under a schedule that makes the deadlock: each thread takes
    /// its first lock before either asks for its second. The cycle is named with both threads
    /// and both locks, from what the probe reported; cancelling then leaves no process.
    @Test func aScriptedScheduleDeadlocksTheLessonsPythonAndCancelLeavesNothing() throws {
        let text = try String(contentsOf: ObservedProgramTests.root.appendingPathComponent("Lessons/07-deadlock.md"), encoding: .utf8)
        let block = try #require(ObservedProgramTests.pythonBlocks(text).first)
        let stepper = try Stepper(block, python: try PythonInterpreter.resolve("python3"))
        let main = try stepper.lane("MainThread")
        try stepper.step(main, until: "t1.join(timeout=1)")          // both started; main stays here
        let first = try stepper.lane("Thread-1"), second = try stepper.lane("Thread-2")
        try stepper.step(first, until: "with first:")
        try stepper.step(first)                                        // Thread-1 takes lock_a
        try stepper.step(second, until: "with first:")
        try stepper.step(second)                                       // Thread-2 takes lock_b
        try stepper.step(first, until: "with second:")
        try stepper.step(first)                                        // asks for lock_b
        try stepper.step(second, until: "with second:")
        try stepper.step(second)                                       // asks for lock_a
        var found: String?
        #expect(eventually(within: 10) {
            let recording = stepper.run.recorder.snapshot()
            found = WaitForGraph.firstDeadlock(in: recording)?.description(in: recording)
            return found != nil
        })
        let named = try #require(found)
        #expect(named.hasPrefix("deadlock: "), "\(named)")
        for part in ["Thread-1", "Thread-2", "holds lock_a and waits for lock_b", "holds lock_b and waits for lock_a"] {
            #expect(named.contains(part), "\(named)")
        }
        let pids = Set(stepper.run.recorder.snapshot().tracks.map(\.info.pid)).subtracting([getpid()])
        try #require(!pids.isEmpty)
        stepper.run.cancel()
        #expect(stepper.run.wait() == .cancelled)
        #expect(pids.allSatisfy { kill($0, 0) != 0 }, "left: \(pids.filter { kill($0, 0) == 0 })")
    }

    /// A line that stays in C (a long `sum` over a range) holds no step: the thread is let go
    /// into it and computes there, tutor keeps answering, and cancelling it mid-line ends the
    /// program at once, leaving no process.
    @Test func aThreadInsideACCallNeverHangsTheRunAndCancelEndsIt() throws {
        let stepper = try Stepper("total = sum(range(10**12))\nprint(total)\n", python: try PythonInterpreter.resolve("python3"))
        let main = try stepper.lane("MainThread")
        #expect(stepper.waitingLine(main)?.hasPrefix("1 total = sum") == true)
        try #require(stepper.run.pacer.step(main))
        #expect(eventually(within: 10) { lastState(stepper.run, main) == .running })
        #expect(stepper.run.pacer.nextSteps.isEmpty, "inside the C call, nothing waits for a step")
        let pid = try #require(stepper.run.recorder.snapshot().tracks.first { $0.info.id == main }?.info.pid)
        let started = MonotonicClock.now()
        stepper.run.cancel()
        #expect(stepper.run.wait() == .cancelled)
        #expect(MonotonicClock.now() - started < 5_000_000_000, "cancel ended the line, not waited for it")
        #expect(kill(pid, 0) != 0, "the program is gone")
    }

    /// Two threads taking two locks, one line a step (three steps a thread, where `with`
    /// would take five with its exits): the small case whose every schedule the test plays on
    /// real CPython, each from a fresh start.
    static func twoLocks(secondOrder: String) -> String {
        """
        import threading

        lock_a = threading.Lock()
        lock_b = threading.Lock()


        def transfer(first, second):
            first.acquire()
            second.acquire()
            second.release(); first.release()


        t1 = threading.Thread(target=transfer, args=(lock_a, lock_b))
        t2 = threading.Thread(target=transfer, args=\(secondOrder))
        t1.start()
        t2.start()
        t1.join()
        t2.join()

        """
    }

    /// Every schedule of the two threads, main having started them: with one lock order none
    /// deadlocks; with opposite orders some do and some do not.
    @Test func underEveryScheduleOneLockOrderNeverDeadlocksInRealPython() throws {
        let python = try PythonInterpreter.resolve("python3")
        var steppers: [Stepper] = []
        func explore(_ order: String) throws -> (schedules: Int, deadlocked: Int) {
            try everySchedule(start: {
                let stepper = try Stepper(Self.twoLocks(secondOrder: order), python: python)
                steppers.append(stepper)
                let main = try stepper.lane("MainThread")
                // main starts both threads and waits in join(): only the two are scheduled.
                try stepper.step(main, until: "t1.join()")
                try stepper.step(main)
                return (stepper.run, [try stepper.lane("Thread-1"), try stepper.lane("Thread-2")])
            }, deadlocked: { run in WaitForGraph.firstDeadlock(in: run.recorder.snapshot()) != nil })
        }
        let fixed = try explore("(lock_a, lock_b)")
        #expect(fixed.schedules >= 2 && fixed.deadlocked == 0, "\(fixed)")
        let opposite = try explore("(lock_b, lock_a)")
        #expect(opposite.deadlocked >= 1 && opposite.deadlocked < opposite.schedules, "\(opposite)")
        steppers.removeAll()
    }

    /// A closure's counter under a lock, Thread-2 held before its `with` while Thread-1 runs to
    /// its end: before 3.13 CPython writes a traced frame's variables back after each trace
    /// call, and a held thread would write back the counter as it was when it was held,
    /// undoing Thread-1's update. Stepping must change nothing the program computes.
    @Test(arguments: ObservedProgramTests.pythons)
    func holdingAThreadNeverUndoesAnotherThreadsWrites(python: String) throws {
        let stepper = try Stepper("""
            import threading


            def main():
                count = 0
                lock = threading.Lock()

                def work():
                    nonlocal count
                    with lock:
                        count += 1

                threads = [threading.Thread(target=work) for _ in range(2)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                print("count", count)


            main()

            """, python: python)
        try stepper.step(try stepper.lane("MainThread"), until: "t.join()")
        stepper.finish()
        _ = stepper.run.wait()
        #expect(stepper.run.recorder.snapshot().output.last?.text == "count 2")
    }

    /// An assignment to a shared global written over two lines comes back to its first line
    /// before the store: the write is reported once it has happened, with the value stored.
    @Test(arguments: ObservedProgramTests.pythons)
    func aWriteOverTwoLinesIsReportedWithTheValueStored(python: String) throws {
        let stepper = try Stepper("""
            total = 0


            def add(n):
                global total
                total = (total
                         + n)


            add(5)
            print(total)

            """, python: python)
        stepper.finish()
        _ = stepper.run.wait()
        let recording = stepper.run.recorder.snapshot()
        let writes = recording.tracks.flatMap { $0.events.filter { $0.instant == .write }.map(\.value) }
        #expect(writes == [0, 5], "total = 0 by the module, then 5: \(writes)")
        #expect(recording.output.last?.text == "5")
    }
}
