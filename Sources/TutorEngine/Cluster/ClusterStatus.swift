import Foundation

/// How one job of a cluster run stands: an array task, or the reduce job.
public struct JobStatus: Codable, Sendable, Equatable {
    /// `task 3`, or `reduce`.
    public var name: String
    /// The array task index; nil for the reduce job.
    public var index: Int?
    /// The task's own job id, once SLURM gave it one (a task still pending shares the array's).
    public var jobID: String?
    /// SLURM's state: PENDING, RUNNING, COMPLETED, FAILED, …; UNKNOWN once SLURM forgot it.
    public var state: String
    /// Why it is pending: JobArrayTaskLimit (the throttle), Resources, Dependency, …
    public var reason: String?
    public var node: String?
    public var cpus: [Int]
    public var start: String?
    public var end: String?
    public var exitCode: String?
    public var log: String

    public static let failedStates: Set<String> = ["FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL",
                                                   "PREEMPTED", "BOOT_FAIL", "DEADLINE"]

    public var isFinished: Bool { state == "COMPLETED" || Self.failedStates.contains(state) }
    public var failed: Bool { Self.failedStates.contains(state) }
    /// Pending on a dependency that can no longer be met (a task it waits for failed).
    public var willNeverStart: Bool { state == "PENDING" && reason == "DependencyNeverSatisfied" }

    init(name: String, index: Int?, log: String) {
        self.name = name
        self.index = index
        state = "UNKNOWN"
        cpus = []
        self.log = log
    }

    mutating func update(from record: SlurmRecord) {
        // Tasks still pending together (`2-5%2`) share the array's id: none of their own yet.
        let shared = record["ArrayTaskId"].map { $0.contains(where: { "-,%".contains($0) }) } ?? false
        jobID = shared ? nil : record["JobId"]
        state = record["JobState"] ?? state
        let reason = record["Reason"]
        self.reason = reason == "None" ? nil : reason
        node = record["NodeList"]
        cpus = record.cpuIDs
        start = record["StartTime"]
        end = record["EndTime"]
        exitCode = record["ExitCode"]
    }
}

/// Every task of a submitted job array and its reduce job, read from SLURM (`scontrol`, then
/// the job-completion log for what `scontrol` has forgotten), with what went wrong.
public struct ClusterStatus: Codable, Sendable, Equatable {
    public var array: String
    public var tasks: [JobStatus]
    public var reduce: JobStatus

    /// True when nothing will change any more: every task ended, and the reduce job ended or
    /// can never start.
    public var isOver: Bool { tasks.allSatisfy(\.isFinished) && (reduce.isFinished || reduce.willNeverStart) }

    /// What went wrong, a line each, naming the task and its log.
    public var problems: [String] {
        var lines = tasks.filter(\.failed).map { task in
            "\(task.name) (job \(task.jobID ?? array)) \(task.state)" + (task.exitCode.map { ", exit code \($0)" } ?? "")
                + ": see its log \(task.log)"
        }
        if reduce.willNeverStart {
            lines.append("the reduce job \(reduce.jobID ?? "?") will never start: it runs only after every task succeeded (afterok). "
                + "Fix the failed task, then scancel \(reduce.jobID ?? "") and submit again")
        } else if reduce.failed {
            lines.append("the reduce job \(reduce.jobID ?? "?") \(reduce.state): see its log \(reduce.log)")
        }
        return lines
    }

    public static func read(_ folder: JobFolder, jobs: JobFolder.Jobs, tasks count: Int, slurm: Slurm) throws -> ClusterStatus {
        var tasks = (0..<count).map { JobStatus(name: "task \($0)", index: $0, log: folder.taskLog(array: jobs.array, index: $0)) }
        var reduce = JobStatus(name: "reduce", index: nil, log: folder.reduceLog(job: jobs.reduce))
        var arrayRecords = try slurm.jobs(jobs.array)
        var reduceRecords = try slurm.jobs(jobs.reduce)
        let known = Set(arrayRecords.flatMap(\.taskIndices))
        if known.count < count { arrayRecords = slurm.completedRecords(jobs.array) + arrayRecords }
        if reduceRecords.isEmpty { reduceRecords = slurm.completedRecords(jobs.reduce) }
        for record in arrayRecords where record["ArrayJobId"] == jobs.array {
            for index in record.taskIndices where tasks.indices.contains(index) { tasks[index].update(from: record) }
        }
        if let record = reduceRecords.last(where: { $0["JobId"] == jobs.reduce }) { reduce.update(from: record) }
        return ClusterStatus(array: jobs.array, tasks: tasks, reduce: reduce)
    }
}

/// Submitting a planned job folder: the array, then the reduce job after it.
public enum ClusterSubmit {
    public static func submit(_ folder: JobFolder, slurm: Slurm) throws -> JobFolder.Jobs {
        _ = try folder.readPlan()
        if FileManager.default.fileExists(atPath: folder.jobs) {
            let jobs = try? folder.readJobs()
            throw ClusterError("\(folder.path) was submitted already (array \(jobs?.array ?? "?")): plan again into a new folder")
        }
        let array = try slurm.submit(folder.arrayScript)
        let reduce: String
        do {
            reduce = try slurm.submit(folder.reduceScript, dependency: "afterok:\(array)")
        } catch {
            slurm.cancel([array])
            throw error
        }
        let jobs = JobFolder.Jobs(array: array, reduce: reduce)
        do {
            try JSONEncoder().encode(jobs).write(to: URL(fileURLWithPath: folder.jobs), options: .atomic)
        } catch {
            slurm.cancel([array, reduce])
            throw ClusterError("\(folder.jobs): could not record the job ids, so the jobs were cancelled: \(error.localizedDescription)")
        }
        return jobs
    }
}
