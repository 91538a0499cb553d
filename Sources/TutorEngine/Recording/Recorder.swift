#if canImport(Glibc)
import Glibc
#endif

/// Collects what every worker of one demo run does, and lets the UI read it while they run.
///
/// Events go to per-worker `Lane`s without locking; the recorder's own lock guards only the rare
/// things: adding a worker, interning an object name, and printing a console line (Python's
/// `print` takes a lock too). Read it with `snapshot()` or, incrementally, a `RecordingReader`.
public final class Recorder: @unchecked Sendable {
    /// When the recording started (`CLOCK_MONOTONIC` ns): time zero of every timeline.
    public let origin: UInt64
    private let lock = PthreadMutex()
    private var lanes: [Lane] = []
    private var workers: [WorkerInfo] = []
    private var objects: [String] = []
    private var output: [OutputLine] = []
    private var finishedAt: UInt64?
    private let budget: RecordingBudget

    public init(origin: UInt64 = MonotonicClock.now()) {
        self.origin = origin
        budget = RecordingBudget()
    }

    /// A recorder whose events may take at most `budgetBytes` (tests of a full recording).
    init(budgetBytes: Int) {
        origin = MonotonicClock.now()
        budget = RecordingBudget(bytes: budgetBytes)
    }

    /// Adds a worker and returns the handle its one thread records through.
    func addWorker(name: String, kind: WorkerInfo.Kind = .thread, pid: Int32 = getpid(), tid: Int32 = 0) -> (Int, Lane) {
        lock.withLock {
            let lane = Lane(budget: budget)
            let id = workers.count
            workers.append(WorkerInfo(id: id, name: name, kind: kind, pid: pid, tid: tid))
            lanes.append(lane)
            return (id, lane)
        }
    }

    func setThreadID(_ tid: Int32, of worker: Int) {
        lock.withLock { workers[worker].tid = tid }
    }

    /// Gives a worker the process (or job) id it became known by later: an array task's job id.
    func setProcessID(_ pid: Int32, of worker: Int) {
        lock.withLock { workers[worker].pid = pid }
    }

    /// Gives a worker the name it became known by later (a Python thread's, from the probe).
    func rename(_ worker: Int, to name: String) {
        lock.withLock { workers[worker].name = name }
    }

    /// The id of the object called `name`, interning it on first use.
    public func object(_ name: String) -> ObjectID {
        lock.withLock {
            if let index = objects.firstIndex(of: name) {
                return ObjectID(rawValue: UInt16(index + 1))
            }
            objects.append(name)
            return ObjectID(rawValue: UInt16(objects.count))
        }
    }

    func print(_ text: String, by worker: Int, at time: UInt64 = MonotonicClock.now()) {
        lock.withLock { output.append(OutputLine(time: time, worker: worker, text: text)) }
    }

    /// Marks the run as over: timelines end here instead of at the time of reading.
    func finish() {
        let time = MonotonicClock.now()
        lock.withLock { if finishedAt == nil { finishedAt = time } }
    }

    /// Everything recorded so far, as one consistent-enough copy (each lane up to its count).
    public func snapshot() -> Recording {
        let reader = RecordingReader(self)
        return reader.read()
    }

    /// The parts of the recorder a reader copies under the lock: cheap, no events.
    struct Header {
        var lanes: [Lane]
        var workers: [WorkerInfo]
        var objects: [String]
        var output: ArraySlice<OutputLine>
        var finishedAt: UInt64?
    }

    func header(outputFrom start: Int) -> Header {
        lock.withLock {
            Header(
                lanes: lanes, workers: workers, objects: objects,
                output: output[min(start, output.count)...], finishedAt: finishedAt
            )
        }
    }
}
