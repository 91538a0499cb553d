import Testing
@testable import TutorEngine

/// Each rule that turns a /proc sample (and the probe's word) into a state, on its own.
@Suite struct ThreadClassifierTests {
    let runtime = PythonRuntime(start: 0x1000, size: 0x100)

    func sample(_ state: Character, call: (Int, UInt64)? = nil, readable: Bool = true) -> ThreadSample {
        ThreadSample(state: state.asciiValue ?? 0, cpu: 1, cpuTime: 0, syscall: call.map { (number: $0.0, argument: $0.1) },
                     syscallReadable: readable)
    }

    func verdict(_ sample: ThreadSample, probe: ProbeThreadState? = nil) -> ThreadClassifier.Verdict {
        ThreadClassifier.classify(sample, runtime: runtime, probe: probe)
    }

    @Test func runnableIsRunningOrHoldingWhatTheProbeSaysItHolds() {
        #expect(verdict(sample("R")) == .init(state: .running, object: nil))
        var probe = ProbeThreadState()
        probe.holding = [("lock", "lock_a"), ("semaphore", "slots")]
        #expect(verdict(sample("R"), probe: probe) == .init(state: .holdingSemaphore, object: "slots"))
        probe.holding.removeLast()
        #expect(verdict(sample("R"), probe: probe) == .init(state: .holdingLock, object: "lock_a"))
    }

    @Test func aFutexInsidePyRuntimeIsTheGILAndElsewhereWhatTheProbeSays() {
        #expect(verdict(sample("S", call: (202, 0x1080))) == .init(state: .waitingGIL, object: nil))
        #expect(verdict(sample("S", call: (202, 0x1100))) == .init(state: .idle, object: nil), "just past its end")
        var probe = ProbeThreadState()
        probe.waiting = ("lock", "counter_lock", false)
        #expect(verdict(sample("S", call: (202, 0x9000)), probe: probe) == .init(state: .waitingLock, object: "counter_lock"))
        probe.waiting = ("semaphore", "slots", false)
        #expect(verdict(sample("S", call: (202, 0x9000)), probe: probe) == .init(state: .waitingSemaphore, object: "slots"))
        probe.waiting = ("condition", "ready", false)
        #expect(verdict(sample("S", call: (202, 0x9000)), probe: probe) == .init(state: .waitingCondition, object: "ready"))
        // Without a runtime (not CPython), no futex is the GIL.
        #expect(ThreadClassifier.classify(sample("S", call: (202, 0x1080)), runtime: nil, probe: nil).state == .idle)
    }

    @Test func sleepingIdleAndUnknownWaits() {
        #expect(verdict(sample("S", call: (230, 0))).state == .sleeping)
        #expect(verdict(sample("S", call: (35, 0))).state == .sleeping)
        for call in [0, 7, 23, 61, 232, 281] {
            #expect(verdict(sample("S", call: (call, 0))) == .init(state: .idle, object: nil), "syscall \(call)")
        }
        #expect(verdict(sample("S", call: (9999, 0))) == .init(state: .idle, object: ThreadClassifier.unknown))
        #expect(verdict(sample("S", readable: false)) == .init(state: .idle, object: ThreadClassifier.unknown))
        #expect(verdict(sample("Z")).state == .done)
    }

    @Test func theGILHasOneHolderAmongBusyContenders() {
        let running = ThreadClassifier.Verdict(state: .running, object: nil)
        var verdicts: [Int32: ThreadClassifier.Verdict] = [1: running, 2: running, 3: running]
        // 1 and 2 run Python; 3 is a library's own thread and is left as it was sampled.
        var holder = ThreadClassifier.attributeGIL(&verdicts, contenders: [1, 2], previousHolder: nil, cpuGained: [1: 10, 2: 900])
        #expect(holder == 2 && verdicts[1]?.state == .waitingGIL && verdicts[2] == running && verdicts[3] == running)
        verdicts = [1: running, 2: running]
        holder = ThreadClassifier.attributeGIL(&verdicts, contenders: [1, 2], previousHolder: 1, cpuGained: [1: 10, 2: 900])
        #expect(holder == 1 && verdicts[2]?.state == .waitingGIL, "the holder keeps it while it is busy")
        verdicts = [1: ThreadClassifier.Verdict(state: .sleeping, object: nil), 2: running]
        holder = ThreadClassifier.attributeGIL(&verdicts, contenders: [1, 2], previousHolder: 1, cpuGained: [:])
        #expect(holder == 2 && verdicts[2] == running)
        verdicts = [1: ThreadClassifier.Verdict(state: .sleeping, object: nil)]
        #expect(ThreadClassifier.attributeGIL(&verdicts, contenders: [1], previousHolder: 1, cpuGained: [:]) == nil)
    }

    @Test func probeLinesParseWithTheirEscapes() {
        let line = "123\t45\t46\tprint\ttab\\there\\\\ and \\n newline"
        #expect(ProbeRecord(line: line[...]) == ProbeRecord(time: 123, pid: 45, tid: 46, what: .print("tab\there\\ and \n newline")))
        #expect(ProbeRecord(line: "1\t2\t3\twait\tlock\tcounter_lock")?.what == .wait(kind: "lock", object: "counter_lock", timed: false))
        #expect(ProbeRecord(line: "1\t2\t3\twait\tlock\tlock_b\ttimed")?.what == .wait(kind: "lock", object: "lock_b", timed: true))
        #expect(ProbeRecord(line: "1\t2\t3\ttask\tstart\tperiod ('a.lc',)")?.what == .taskStart("period ('a.lc',)"))
        #expect(ProbeRecord(line: "1\t2\t3\ttask\tend\t")?.what == .taskEnd)
        #expect(ProbeRecord(line: "1\t2\t3\tnotify\tcondition\tready")?.what == .notify("ready"))
        #expect(ProbeRecord(line: "not\ta\trecord\tthread\tx") == nil)
        #expect(ProbeRecord(line: "1\t2\t3\tsomething-new\tx") == nil, "a record of another version is skipped")
    }

    /// The CPUs a process may use, from the list /proc gives (its affinity).
    @Test func usableCPUsCountTheAffinityList() {
        #expect(UsableCPUs.count(inList: "0-1") == 2)
        #expect(UsableCPUs.count(inList: "0-3,8,10-11\n") == 7)
        #expect(UsableCPUs.count(inList: "5") == 1)
        #expect(UsableCPUs.count >= 1 && UsableCPUs.count <= PoolDemo.cores)
    }
}
