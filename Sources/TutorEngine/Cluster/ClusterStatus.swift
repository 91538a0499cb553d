import Foundation

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
                + "scancel \(reduce.jobID ?? ""), fix what the log says, then plan into a new folder and submit that")
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
