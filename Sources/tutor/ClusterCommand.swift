import ArgumentParser
import Foundation
import TutorEngine
import TutorSafeText

/// `tutor cluster plan|submit|status`: the light-curve work as a SLURM job array on a real
/// SLURM. `plan` writes the job's folder and works anywhere; the others need a SLURM and say
/// in one line what to do without one.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run the period search as a SLURM job array: plan it, submit it, follow it.",
        subcommands: [Plan.self, Submit.self, Status.self]
    )

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a job folder: a manifest, array.sbatch (one task per share) and reduce.sbatch (the merge).")

        @Argument(help: "Light-curve files (.lc) or folders of them (default: the shipped samples).")
        var paths: [String] = []

        @Option(parsing: .unconditional, help: "Array tasks: the files are split into this many near-equal shares.")
        var tasks: Int

        @Option(parsing: .unconditional, help: "At most this many tasks run at once (%K in --array).")
        var throttle: Int?

        @Option(parsing: .unconditional, help: "CPUs per task; each task starts a worker process per CPU.")
        var cpusPerTask: Int = 1

        @Option(help: "Time limit per task, as SLURM writes it (e.g. 00:10:00).")
        var time: String?

        @Option(help: "The partition to run in (the cluster's default if not given).")
        var partition: String?

        @OptionGroup var search: SearchOptions

        @Option(help: "The folder to write the job into (made if needed).")
        var into: String

        func run() throws {
            let settings = try search.settings()
            let files: [String]
            do { files = try PeriodSearch.files(paths) } catch { throw UsageError(String(describing: error)) }
            let folder = JobFolder(into)
            guard let tutor = WorkerExecutable.installedPath else {
                throw UsageError("tutor's executable is gone from \(WorkerExecutable.realPath): rebuild it, then plan again")
            }
            do throws(ClusterError) {
                let plan = try ClusterPlan(files: files, tasks: tasks, throttle: throttle, cpusPerTask: cpusPerTask, time: time,
                                           partition: partition, tutor: tutor,
                                           gridArguments: settings.arguments)
                try plan.write(into: folder)
                FileHandleOutput.standardOutput("planned \(files.count) files in \(tasks) task\(tasks == 1 ? "" : "s") (--array=\(plan.arraySpec)) in \(folder.path)")
                FileHandleOutput.standardOutput("  \(folder.arrayScript)\n  \(folder.reduceScript)\n  \(folder.manifest)")
                FileHandleOutput.standardOutput("submit with: tutor cluster submit \(folder.path)")
            } catch {
                throw UsageError(error.description)
            }
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a planned job folder: the array, then the reduce job (afterok). Prints the job ids.")

        @Argument(help: "The job folder tutor cluster plan wrote.")
        var folder: String

        func run() throws {
            let slurm = try ClusterCommand.slurm()
            let jobs = try ClusterCommand.clusterError { try ClusterSubmit.submit(JobFolder(folder), slurm: slurm) }
            FileHandleOutput.standardOutput("array job \(jobs.array)\nreduce job \(jobs.reduce) (after every task succeeded)")
            FileHandleOutput.standardOutput("follow it with: tutor cluster status \(JobFolder(folder).path)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each task's state, pending reason, node, start, end and exit code; failures name the task and its log.",
            discussion: "Exit status 1 if a task or the reduce job failed.")

        @Argument(help: "The job folder tutor cluster submit submitted.")
        var folder: String

        @Flag(help: "Print the status as JSON.")
        var json = false

        func run() throws {
            let slurm = try ClusterCommand.slurm()
            let job = JobFolder(folder)
            let status = try ClusterCommand.clusterError {
                let plan = try job.readPlan()
                return try ClusterStatus.read(job, jobs: try job.readJobs(), tasks: plan.tasks, slurm: slurm)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                FileHandleOutput.standardOutput(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                FileHandleOutput.standardOutput("array job \(status.array)")
                // Paths come from the folder a user named: printed inert.
                for task in status.tasks + [status.reduce] { FileHandleOutput.standardOutput(TextLines.printable(Self.line(task))) }
                for problem in status.problems { FileHandleOutput.standardOutput(TextLines.printable("problem: \(problem)")) }
                if status.reduce.state == "COMPLETED" { FileHandleOutput.standardOutput("results: \(job.results)") }
            }
            if !status.problems.isEmpty { throw ExitCode.failure }
        }

        /// `task 3    RUNNING  on vm CPU 0  10:00:01–  job 17`
        static func line(_ task: JobStatus) -> String {
            var parts = [task.name.padding(toLength: 8, withPad: " ", startingAt: 0), task.state]
            if let reason = task.reason { parts.append("(\(reason))") }
            if let node = task.node {
                let cpus = task.cpus.isEmpty ? "" : (task.cpus.count == 1 ? " CPU " : " CPUs ") + task.cpus.map(String.init).joined(separator: ",")
                parts.append("on \(node)" + cpus)
            }
            // SLURM's times without the date when it is today's: the line stays short.
            let today = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate]) + "T"
            let short = { (time: String) in time.hasPrefix(today) ? String(time.dropFirst(today.count)) : time }
            if let start = task.start {
                parts.append(short(start) + "–" + (task.isFinished ? task.end.map(short) ?? "" : ""))
            }
            if let code = task.exitCode, task.isFinished { parts.append("exit \(code)") }
            if let id = task.jobID { parts.append("job \(id)") }
            return parts.joined(separator: "  ")
        }
    }

    /// The SLURM to use, or exit 1 with the one line that says what to do.
    static func slurm() throws -> Slurm {
        do throws(Slurm.Unavailable) { return try Slurm.find() } catch {
            FileHandleOutput.standardError("tutor cluster: \(error.description)")
            throw ExitCode.failure
        }
    }

    /// Runs `body`, turning a cluster or SLURM failure into one line and exit status 1.
    static func clusterError<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ClusterError {
            FileHandleOutput.standardError("tutor cluster: \(error.description)")
            throw ExitCode.failure
        } catch let error as Slurm.Unavailable {
            FileHandleOutput.standardError("tutor cluster: \(error.description)")
            throw ExitCode.failure
        }
    }
}
