#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import TutorEngine

/// The wait-for graph on hand-made events, then the deadlock demo: a real cycle of real threads
/// found and broken, never one with a fixed lock order, under every schedule of a small case.
@Suite struct WaitForGraphTests {
    let a = ObjectID(rawValue: 1), b = ObjectID(rawValue: 2), c = ObjectID(rawValue: 3)

    func event(_ time: UInt64, _ state: WorkerState, _ object: ObjectID = .none) -> Event {
        Event(time: time, kind: .state, code: state.rawValue, object: object, value: 0, cpu: 0)
    }

    func instant(_ time: UInt64, _ kind: InstantKind, _ object: ObjectID) -> Event {
        Event(time: time, kind: .instant, code: kind.rawValue, object: object, value: 0, cpu: 0)
    }

    func recording(_ tracks: [[Event]]) -> Recording {
        var recording = Recording(origin: 0, end: 100)
        recording.objects = ["lock_a", "lock_b", "lock_c"]
        recording.tracks = tracks.enumerated().map { index, events in
            Track(info: WorkerInfo(id: index, name: "Thread-\(index + 1)", kind: .thread, pid: 1, tid: Int32(index + 10)), events: events)
        }
        return recording
    }

    /// Thread i holds lock i and then waits for lock i+1 (mod n), at times 10 + i and 20 + i.
    func ring(_ locks: [ObjectID]) -> [[Event]] {
        locks.indices.map { index in
            [event(1, .running), instant(UInt64(10 + index), .acquire, locks[index]), event(UInt64(10 + index), .holdingLock, locks[index]),
             event(UInt64(20 + index), .waitingLock, locks[(index + 1) % locks.count])]
        }
    }

    @Test func twoThreadsWaitingForEachOthersLockAreADeadlock() throws {
        let run = recording(ring([a, b]))
        let deadlock = try #require(WaitForGraph.firstDeadlock(in: run))
        #expect(deadlock.tracks == [0, 1])
        #expect(deadlock.time == 21)
        #expect(deadlock.description(in: run) == "deadlock: Thread-1 holds lock_a and waits for lock_b; Thread-2 holds lock_b and waits for lock_a")
        #expect(WaitForGraph.current(run).cycle() != nil)
    }

    @Test func aCycleOfThreeIsNamedInOrder() throws {
        let run = recording(ring([a, b, c]))
        let deadlock = try #require(WaitForGraph.firstDeadlock(in: run))
        #expect(deadlock.description(in: run) == "deadlock: Thread-1 holds lock_a and waits for lock_b; "
            + "Thread-2 holds lock_b and waits for lock_c; Thread-3 holds lock_c and waits for lock_a")
    }

    @Test func aWaitForALockWhoseHolderGoesOnIsNoDeadlock() {
        // Thread-2 waits for lock_a, which Thread-1 holds while it runs, then releases.
        let run = recording([
            [event(1, .running), instant(2, .acquire, a), event(2, .holdingLock, a), instant(30, .release, a), event(30, .running)],
            [event(1, .running), event(5, .waitingLock, a), instant(31, .acquire, a), event(31, .holdingLock, a)],
        ])
        #expect(WaitForGraph.firstDeadlock(in: run) == nil)
    }

    @Test func aCycleThatWasBrokenIsStillFoundButNotCurrent() throws {
        var tracks = ring([a, b])
        // Thread-2 gives up its wait and releases lock_b.
        tracks[1] += [event(50, .running), instant(51, .release, b), event(51, .done)]
        let run = recording(tracks)
        #expect(WaitForGraph.firstDeadlock(in: run)?.time == 21)
        #expect(WaitForGraph.current(run).cycle() == nil)
    }

    @Test func waitsWithATimeoutCloseNoCycle() {
        var tracks = ring([a, b])
        // Thread-2's wait has a timeout (value 1): it ends by itself.
        tracks[1][3].value = 1
        #expect(WaitForGraph.firstDeadlock(in: recording(tracks)) == nil)
    }

    @Test func aLockTakenTwiceByOneThreadIsNotACycle() {
        let run = recording([[event(1, .running), instant(2, .acquire, a), event(3, .waitingLock, a)]])
        #expect(WaitForGraph.firstDeadlock(in: run) == nil)
    }
}

@Suite struct DeadlockDemoTests {
    func run(_ arguments: [String], mode: PacerMode = .fast) throws -> DemoRun {
        let demo = DeadlockDemo()
        return try DemoRun.start(demo, parameters: try ParameterParser.parse(arguments, specs: demo.parameters), mode: mode)
    }

    @Test func oppositeOrderDeadlocksAndTutorBreaksIt() throws {
        let run = try run(["--pause", "0.2"])
        guard case .completed(let outcome, let checks) = run.wait() else { Issue.record("did not complete"); return }
        #expect(outcome.values["deadlocked"] == 1)
        let recording = run.recorder.snapshot()
        let deadlock = try #require(WaitForGraph.firstDeadlock(in: recording))
        #expect(Set(deadlock.tracks.map { recording.tracks[$0].info.name }) == ["Thread-1", "Thread-2"])
        #expect(Set(deadlock.links.map(\.waitsFor)) == Set([recording.object(named: "lock_a"), recording.object(named: "lock_b")].compactMap { $0 }))
        #expect(checks.first { $0.name == "no deadlock" }?.passed == false)
        #expect(checks.first { $0.name == "no money lost or made" }?.passed == true)
        #expect(recording.output.contains { $0.text == deadlock.description(in: recording) })
        #expect(eventually { survivingThreads(recording).isEmpty })
    }

    @Test func oneLockOrderNeverDeadlocks() throws {
        let run = try run(["--fixed-order", "--pause", "0.05"])
        guard case .completed(let outcome, let checks) = run.wait() else { Issue.record("did not complete"); return }
        #expect(outcome.values["deadlocked"] == 0 && outcome.values["transfers"] == 2 && outcome.values["total"] == 200)
        #expect(checks.allSatisfy { $0.passed }, "\(checks)")
    }

    /// Every schedule of the demo's two threads (workers 1 and 2): which deadlock. A schedule
    /// that ends with both threads done or deadlocked ends by itself (the demo breaks a
    /// deadlock), and its outcome says which.
    func everySchedule(_ arguments: [String]) throws -> (schedules: Int, deadlocked: Int) {
        try TutorEngineTests.everySchedule(start: { (try run(arguments, mode: .stepping), [1, 2]) }, deadlocked: { run in
            #expect(eventually(within: 20) { run.isFinished }, "the schedule did not end: \(run.pacer.nextSteps)")
            guard case .completed(let outcome, _) = run.currentStatus else { return false }
            return outcome.values["deadlocked"] == 1
        })
    }

    @Test func underEveryScheduleOneLockOrderNeverDeadlocks() throws {
        let fixed = try everySchedule(["--fixed-order", "--pause", "0"])
        #expect(fixed.schedules >= 2 && fixed.deadlocked == 0, "\(fixed)")
        let opposite = try everySchedule(["--pause", "0"])
        #expect(opposite.deadlocked >= 1 && opposite.deadlocked < opposite.schedules, "\(opposite)")
    }
}

@Suite struct DeadlockCancelTests {
    @Test func cancellingWhileTheThreadsAreDeadlockedLeavesNoThread() throws {
        let demo = DeadlockDemo()
        let run = try DemoRun.start(demo, parameters: try ParameterParser.parse([], specs: demo.parameters), mode: .fast)
        #expect(eventually { run.recorder.snapshot().output.contains { $0.text.hasPrefix("deadlock: ") } })
        run.cancel()
        #expect(run.wait() == .cancelled)
        let recording = run.recorder.snapshot()
        #expect(eventually { survivingThreads(recording).isEmpty })
    }

    /// Two locks and a transfer that takes `first`, works 0.2 s, then takes `second`.
    static let transfers = """
        import threading, time
        lock_a = threading.Lock()
        lock_b = threading.Lock()
        def transfer(first, second):
            with first:
                time.sleep(0.2)
                with second:
                    pass

        """

    /// Both transfers, in opposite order, started and joined without a timeout.
    static let bothTransfers = """
        threads = [threading.Thread(target=transfer, args=(lock_a, lock_b)),
                   threading.Thread(target=transfer, args=(lock_b, lock_a))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        """

    /// The lesson's Python: real CPython threads taking two locks in opposite order are caught
    /// in the same cycle, from the probe's reports, and the run says so.
    @Test func realPythonThreadsInOppositeOrderAreCaughtInTheCycle() throws {
        let script = Self.transfers + """
            t1 = threading.Thread(target=transfer, args=(lock_a, lock_b), daemon=True)
            t2 = threading.Thread(target=transfer, args=(lock_b, lock_a), daemon=True)
            t1.start(); t2.start()
            t1.join(timeout=1.5); t2.join(timeout=1.5)
            print("still waiting:", int(t1.is_alive()) + int(t2.is_alive()))
            """
        let (recording, outcome) = try ObservedProgramTests().observe(script)
        #expect(outcome.values["deadlocked"] == 1)
        #expect(outcome.values["printed_number"] == 2)
        let deadlock = try #require(WaitForGraph.firstDeadlock(in: recording))
        #expect(Set(deadlock.links.compactMap { recording.name(of: $0.waitsFor) }) == ["lock_a", "lock_b"])
        #expect(outcome.alert == deadlock.description(in: recording))
    }

    /// The lesson's remedy: waits with a timeout that give up and retry meet in a circle for a
    /// moment but are no deadlock, and the run says none.
    @Test func waitsThatGiveUpAreNoDeadlock() throws {
        let script = Self.transfers.replacingOccurrences(
            of: "        with second:\n            pass",
            with: "        if second.acquire(timeout=0.3):\n            second.release()") + Self.bothTransfers + """
            print("done", 1)
            """
        let (recording, outcome) = try ObservedProgramTests().observe(script)
        #expect(outcome.values["exit_status"] == 0 && outcome.values["printed_number"] == 1)
        #expect(outcome.values["deadlocked"] == 0 && outcome.alert == nil)
        #expect(WaitForGraph.firstDeadlock(in: recording) == nil)
        // Both did wait, each for the other's lock.
        let waits = recording.tracks.flatMap(\.events).filter { $0.state == .waitingLock }
        #expect(Set(waits.map(\.object)).count == 2 && waits.allSatisfy { $0.value == 1 })
    }

    /// Whether process `pid` is gone or a zombie (its state in /proc/PID/stat).
    func ended(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// A program whose threads deadlock for good is ended by tutor after the grace period,
    /// with the cycle named, rather than observed for ever.
    @Test func aProgramDeadlockedForGoodIsEndedAndNamed() throws {
        let script = Self.transfers + Self.bothTransfers
        let (recording, outcome) = try ObservedProgramTests().observe(script)
        #expect(outcome.values["deadlocked"] == 1)
        #expect(outcome.values["exit_status"] == Double(128 + SIGTERM))
        #expect(outcome.result.contains("tutor ended it after its threads stood deadlocked"))
        #expect(outcome.alert?.hasPrefix("deadlock: ") == true)
        let pids = Set(recording.tracks.map(\.info.pid))
        #expect(eventually { pids.allSatisfy(ended) }, "the program's processes \(pids) outlived it")
    }
}
