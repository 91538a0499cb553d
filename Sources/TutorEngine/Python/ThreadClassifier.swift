/// What the probe last said a thread is doing with locks: waiting for one, and which it holds.
struct ProbeThreadState: Equatable {
    var waiting: (kind: String, object: String, timed: Bool)?
    /// The locks and semaphores it holds, latest last.
    var holding: [(kind: String, object: String)] = []
    /// Held by tutor before a line (stepped or paced, `LineGate`): waiting for the student,
    /// not for anything of its own.
    var held = false

    static func == (left: ProbeThreadState, right: ProbeThreadState) -> Bool {
        left.held == right.held
            && left.waiting?.kind == right.waiting?.kind && left.waiting?.object == right.waiting?.object
            && left.waiting?.timed == right.waiting?.timed
            && left.holding.map(\.object) == right.holding.map(\.object)
    }
}

/// The rules that turn one sample of a thread (and what the probe said) into a state, as
/// ../shared/PYTHON-OBSERVE.md measured them. Pure, so every rule is tested on its own.
enum ThreadClassifier {
    /// A state and the object it involves, by name (nil: none).
    struct Verdict: Equatable {
        var state: WorkerState
        var object: String?
        /// A wait with a timeout (recorded as the event's value 1): it closes no deadlock.
        var timed = false
    }

    #if arch(arm64)
    /// System calls (arm64 numbers) in which a thread waits for input or for a child: idle.
    static let idleCalls: Set<Int> = [63, 72, 73, 22, 95, 202, 207, 212, 242, 260]
    static let futex = 98
    static let sleepCalls: Set<Int> = [101, 115]
    #else
    /// System calls (x86-64 numbers) in which a thread waits for input or for a child: idle.
    static let idleCalls: Set<Int> = [0, 7, 23, 43, 45, 47, 61, 232, 247, 270, 271, 281, 288]
    static let futex = 202
    static let sleepCalls: Set<Int> = [35, 230]
    #endif
    /// What a wait that /proc cannot explain is called, rather than guessed.
    static let unknown = "waiting (kind unknown)"

    /// Waiting for a lock, semaphore or condition (`kind` as the probe names it).
    static func waiting(_ kind: String, _ object: String, timed: Bool = false) -> Verdict {
        switch kind {
        case "semaphore": Verdict(state: .waitingSemaphore, object: object, timed: timed)
        case "condition": Verdict(state: .waitingCondition, object: object, timed: timed)
        default: Verdict(state: .waitingLock, object: object, timed: timed)
        }
    }

    /// Holding a lock or a semaphore's permit.
    static func holding(_ kind: String, _ object: String) -> Verdict {
        Verdict(state: kind == "semaphore" ? .holdingSemaphore : .holdingLock, object: object)
    }

    static func classify(_ sample: ThreadSample, runtime: PythonRuntime?, probe: ProbeThreadState?) -> Verdict {
        // Held by tutor between two lines, it is drawn as what it was doing, under tutor's
        // hold, as a native worker at its checkpoint is (its read of the FIFO is no wait of its own).
        if let probe, probe.held {
            return probe.holding.last.map { holding($0.kind, $0.object) } ?? Verdict(state: .running, object: nil)
        }
        switch sample.state {
        case UInt8(ascii: "R"):
            if let held = probe?.holding.last { return holding(held.kind, held.object) }
            return Verdict(state: .running, object: nil)
        case UInt8(ascii: "Z"), UInt8(ascii: "X"):
            return Verdict(state: .done, object: nil)
        default:
            guard let call = sample.syscall else {
                return Verdict(state: .idle, object: sample.syscallReadable ? nil : unknown)
            }
            if call.number == futex {
                if let runtime, runtime.contains(call.argument) { return Verdict(state: .waitingGIL, object: nil) }
                if let wait = probe?.waiting { return waiting(wait.kind, wait.object, timed: wait.timed) }
                // A lock of Python's own library (a queue's, a Pool helper's): waiting for work.
                return Verdict(state: .idle, object: nil)
            }
            if sleepCalls.contains(call.number) { return Verdict(state: .sleeping, object: nil) }
            return Verdict(state: .idle, object: idleCalls.contains(call.number) ? nil : unknown)
        }
    }

    /// Makes sure at most one thread of a CPython process is drawn computing while its threads
    /// contend for the GIL. State R overstates running: around each hand-off two threads are
    /// both runnable for a moment (16.5 % of 1 kHz samples for two spinners here). Among the
    /// `contenders` (threads that run Python, new threads not yet named by the probe, or threads
    /// seen waiting for the GIL lately) that are busy in this sample, the
    /// thread that held the GIL in the previous sample keeps it if it is still busy, or else the
    /// one that used the most CPU since then; the others are waiting for the GIL. Threads that
    /// are not Python's (a BLAS library's own) are left as sampled. The cost of the rule: a
    /// Python thread computing in C with the GIL released (inside numpy) at the same moment as
    /// another Python thread is drawn waiting for the GIL.
    /// Returns the new holder.
    static func attributeGIL(_ verdicts: inout [Int32: Verdict], contenders: Set<Int32>, previousHolder: Int32?,
                             cpuGained: [Int32: UInt64]) -> Int32? {
        let busy = verdicts.filter { contenders.contains($0.key) && $0.value.state.isBusy }.map(\.key)
        guard !busy.isEmpty else { return nil }
        let holder = previousHolder.flatMap { busy.contains($0) ? $0 : nil }
            ?? busy.max { (cpuGained[$0] ?? 0, -$0) < (cpuGained[$1] ?? 0, -$1) }!
        for tid in busy where tid != holder { verdicts[tid] = Verdict(state: .waitingGIL, object: nil) }
        return holder
    }
}
