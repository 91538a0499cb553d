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
