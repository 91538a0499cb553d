/// Turns what SLURM says about a job array, poll by poll, into lanes: one per array task and
/// one for the reduce job. A lane changes only when its job's state, reason or CPU changes.
///
/// How a pending job is drawn ties it to the lessons before: a task held back by the throttle
/// waits like a thread at a semaphore of K permits; one waiting for a free CPU waits at the
/// node's CPUs, a semaphore too; the reduce job waits like a thread on a condition. What it
/// waits for is named by SLURM's own reason (`JobArrayTaskLimit`, `Resources`, `Dependency`),
/// the word `squeue` shows.
final class ClusterWatcher {
    private let context: DemoContext
    private let lanes: [(worker: Int, lane: Lane)]
    /// What each lane shows now, so that only a change is recorded.
    private struct Shown: Equatable {
        var state: WorkerState
        var object: String
        var cpu: Int32
    }

    private var last: [Shown?]
    private var announced: Set<String> = []
    private(set) var mostRunning = 0

    init(context: DemoContext, plan: ClusterPlan, jobs: JobFolder.Jobs) {
        self.context = context
        let recorder = context.recorder
        let array = Int32(jobs.array) ?? 0
        lanes = (0..<plan.tasks).map { recorder.addWorker(name: "task \($0)", kind: .job, pid: array) }
            + [recorder.addWorker(name: "reduce", kind: .job, pid: Int32(jobs.reduce) ?? 0)]
        last = Array(repeating: nil, count: lanes.count)
    }

    func record(_ status: ClusterStatus) {
        let now = MonotonicClock.now()
        let jobs = status.tasks + [status.reduce]
        mostRunning = max(mostRunning, status.tasks.filter { $0.state == "RUNNING" }.count)
        for (index, job) in jobs.enumerated() {
            let (state, object) = Self.drawn(job)
            let cpu = Int32(job.cpus.first ?? -1)
            let shown = Shown(state: state, object: object, cpu: cpu)
            guard shown != last[index] else { continue }
            last[index] = shown
            let (worker, lane) = lanes[index]
            if let id = job.jobID.flatMap({ Int32($0) }) { context.recorder.setProcessID(id, of: worker) }
            let objectID = object.isEmpty ? ObjectID.none : context.recorder.object(object)
            if job.failed {
                // Where a task failed is marked on its row, not only in the output.
                lane.append(Event(time: now, kind: .instant, code: InstantKind.failed.rawValue, object: .none, value: 0, cpu: cpu))
            }
            lane.append(Event(time: now, kind: .state, code: state.rawValue, object: objectID, value: 0, cpu: cpu))
            announce(job)
        }
    }

    /// Ends every lane that has not ended: the run was cancelled, and its jobs with it.
    func endAll() {
        let now = MonotonicClock.now()
        for (index, (_, lane)) in lanes.enumerated() where last[index]?.state != .done {
            lane.append(Event(time: now, kind: .state, code: WorkerState.done.rawValue, object: .none, value: 0, cpu: -1))
            last[index] = Shown(state: .done, object: "", cpu: -1)
        }
    }

    /// Prints a line when a job starts running and when it ends, as `squeue` would show it.
    private func announce(_ job: JobStatus) {
        let where_ = (job.node.map { " on \($0)" } ?? "") + (job.cpus.isEmpty ? "" : " CPU " + job.cpus.map(String.init).joined(separator: ","))
        if job.state == "RUNNING", announced.insert("\(job.name) running").inserted {
            context.main.print("\(job.name) running\(where_) (job \(job.jobID ?? "?"))")
        } else if job.isFinished, announced.insert("\(job.name) ended").inserted {
            context.main.print("\(job.name) \(job.state)" + (job.exitCode.map { " exit \($0)" } ?? "")
                + (job.failed ? ", log \(job.log)" : ""))
        }
    }

    static func drawn(_ job: JobStatus) -> (WorkerState, String) {
        switch job.state {
        case "PENDING":
            switch job.reason {
            case "JobArrayTaskLimit", "Resources": return (.waitingSemaphore, job.reason ?? "")
            case "Dependency", "DependencyNeverSatisfied": return (.waitingCondition, job.reason ?? "")
            default: return (.idle, job.reason ?? "")
            }
        case "RUNNING", "COMPLETING", "CONFIGURING": return (.running, "")
        case "UNKNOWN": return (.idle, "")
        default: return (.done, "")
        }
    }
}
