/// Who a worker is: the names and ids a timeline row and a trace track are labelled with.
public struct WorkerInfo: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case thread
        case process
        /// A batch job's task (a SLURM array task): `pid` holds its job id.
        case job
    }

    /// The worker's index in its recording: row order, and the id a step is granted to.
    public var id: Int
    public var name: String
    public var kind: Kind
    /// The real process id the worker ran in.
    public var pid: Int32
    /// The kernel thread id (`gettid`), once the worker has started; 0 before.
    public var tid: Int32

    /// The number a row is labelled with: a process's pid, a job's id, a thread's tid.
    public var number: Int32 { kind == .thread ? tid : pid }

    /// That number with what it is: `pid 4242`, `job 17`, `tid 4243`.
    public var numberText: String {
        switch kind {
        case .thread: "tid \(tid)"
        case .process: "pid \(pid)"
        case .job: "job \(pid)"
        }
    }

    public init(id: Int, name: String, kind: Kind, pid: Int32, tid: Int32) {
        self.id = id
        self.name = name
        self.kind = kind
        self.pid = pid
        self.tid = tid
    }
}

/// One line of a demo's console output: what the Python example would print, and who printed it.
public struct OutputLine: Sendable, Equatable {
    public var time: UInt64
    public var worker: Int
    public var text: String

    public init(time: UInt64, worker: Int, text: String) {
        self.time = time
        self.worker = worker
        self.text = text
    }
}
