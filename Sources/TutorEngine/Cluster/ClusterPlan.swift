import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A SLURM job array over light-curve files, written out as a student would write it by
/// hand: a manifest, `array.sbatch` (one `tutor periods --chunk slurm` per task, throttled)
/// and `reduce.sbatch` (the merge, submitted to start after every task succeeded).
public struct ClusterPlan: Codable, Sendable, Equatable {
    public var tasks: Int
    /// At most this many tasks run at once (`--array=0-(N-1)%K`); nil for no limit.
    public var throttle: Int?
    public var cpusPerTask: Int
    /// SLURM's time limit per task (`--time`, e.g. `00:10:00`); the cluster's default if nil.
    public var time: String?
    public var partition: String?
    public var files: [String]
    /// The `tutor` executable the tasks run: its real path, which a cluster's nodes see on a
    /// shared file system.
    public var tutor: String
    /// `--fmin … --fmax … --nfreq …`, passed on to every task.
    public var gridArguments: [String]

    public static let taskRange = 1...1000

    public init(files: [String], tasks: Int, throttle: Int?, cpusPerTask: Int, time: String?, partition: String?,
                tutor: String, gridArguments: [String]) throws(ClusterError) {
        guard Self.taskRange.contains(tasks) else {
            throw ClusterError("--tasks must be from \(Self.taskRange.lowerBound) to \(Self.taskRange.upperBound), not \(tasks)")
        }
        if let throttle, throttle < 1 { throw ClusterError("--throttle must be at least 1, not \(throttle)") }
        guard (1...256).contains(cpusPerTask) else { throw ClusterError("--cpus-per-task must be from 1 to 256, not \(cpusPerTask)") }
        guard !files.isEmpty else { throw ClusterError("no light-curve files to plan a job for") }
        guard tasks <= files.count else {
            throw ClusterError("\(files.count) file\(files.count == 1 ? "" : "s") cannot fill \(tasks) tasks: "
                + "choose --tasks \(files.count) or fewer, so that every task has a file to do")
        }
        if let time, !Self.isSlurmTime(time) {
            throw ClusterError("--time '\(time)' is not a time SLURM reads: write minutes (30), MM:SS, HH:MM:SS, "
                + "D-HH, D-HH:MM or D-HH:MM:SS, such as 00:10:00 for ten minutes")
        }
        if let partition, partition.isEmpty || !partition.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) {
            throw ClusterError("--partition '\(partition)' is not a partition name (letters, digits, _ - .): see sinfo for the names")
        }
        self.files = files.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.sorted()
        self.tasks = tasks
        self.throttle = throttle
        self.cpusPerTask = cpusPerTask
        self.time = time
        self.partition = partition
        self.tutor = tutor
        self.gridArguments = gridArguments
    }

    /// Writes the job's folder (made if needed; refused if it holds a job already).
    public func write(into folder: JobFolder) throws(ClusterError) {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.plan) {
            throw ClusterError("\(folder.path) holds a planned job already: choose a new folder for --into")
        }
        // What this call made, taken away again if it fails: a half-written job folder
        // (scripts without a plan) would look like a job to the next command.
        var made: [String] = []
        do {
            for path in [folder.path, folder.parts, folder.logs] {
                var isFolder: ObjCBool = false
                let exists = manager.fileExists(atPath: path, isDirectory: &isFolder)
                if exists && isFolder.boolValue { continue }
                if exists { throw ClusterError("\(path) is there and is not a folder") }
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
                made.append(path)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let contents = [(folder.manifest, Data(Manifest.text(files).utf8)), (folder.arrayScript, Data(arrayScript(folder).utf8)),
                            (folder.reduceScript, Data(reduceScript(folder).utf8)), (folder.plan, try encoder.encode(self))]
            for (path, data) in contents {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
                made.append(path)
            }
            for script in [folder.arrayScript, folder.reduceScript] { chmod(script, 0o755) }
        } catch {
            for path in made.reversed() { try? manager.removeItem(atPath: path) }
            let reason = (error as? ClusterError)?.description ?? error.localizedDescription
            throw ClusterError("\(folder.path): could not write the job: \(reason)")
        }
    }

    /// Whether `text` is a time limit in one of the forms `sbatch --time` accepts.
    static func isSlurmTime(_ text: String) -> Bool {
        let forms = [#"^\d+$"#, #"^\d+:\d{1,2}$"#, #"^\d+:\d{1,2}:\d{1,2}$"#, #"^\d+-\d+$"#, #"^\d+-\d+:\d{1,2}$"#,
                     #"^\d+-\d+:\d{1,2}:\d{1,2}$"#]
        return forms.contains { text.range(of: $0, options: .regularExpression) != nil }
    }

    /// `0-5%2`: tasks 0 to N-1, at most K at once.
    public var arraySpec: String { "0-\(tasks - 1)" + (throttle.map { "%\($0)" } ?? "") }

    private func options(_ folder: JobFolder, name: String, log: String) -> [String] {
        ["#SBATCH --job-name=\(name)", "#SBATCH --cpus-per-task=\(cpusPerTask)"]
            + (time.map { ["#SBATCH --time=\($0)"] } ?? []) + (partition.map { ["#SBATCH --partition=\($0)"] } ?? [])
            + ["#SBATCH --output=\(log)"]
    }

    func arrayScript(_ folder: JobFolder) -> String {
        let throttleText = throttle.map { "at most \($0) run at once (%\($0), the throttle);\n#   the others wait, pending with the reason JobArrayTaskLimit" }
            ?? "as many at once as the cluster gives"
        let lines = [
            "#!/bin/bash",
            "# One task of a SLURM job array: tutor periods on its share of the light curves.",
            "# Written by `tutor cluster plan`; submit it with `tutor cluster submit \(folder.path)`,",
            "# or by hand: sbatch --parsable array.sbatch, then the reduce step (see reduce.sbatch).",
            "#",
            "# --array=\(arraySpec): \(tasks) task\(tasks == 1 ? "" : "s"), numbered 0 to \(tasks - 1); \(throttleText).",
            "# --cpus-per-task=\(cpusPerTask): the CPUs each task gets; tutor periods starts one worker",
            "#   process per CPU it may use (SLURM_CPUS_PER_TASK), never one per core of the node.",
            "# --output: %A is the array's job id and %a the task's index: each task has its own log.",
            "#SBATCH --array=\(arraySpec)",
        ] + options(folder, name: "tutor-periods", log: (folder.logs as NSString).appendingPathComponent("periods_%A_%a.log")) + [
            "set -euo pipefail",
            "# numpy's BLAS starts a thread per core in every process unless told: one each, in a pool.",
            "export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1",
            "# Task K of N takes the K-th of N near-equal shares of the manifest (from",
            "# SLURM_ARRAY_TASK_ID, _MIN and _COUNT) and writes its results at once: a part is",
            "# either whole or absent.",
            "tutor=" + Self.quoted(tutor),
            "job=" + Self.quoted(folder.path),
            "exec \"$tutor\" periods --chunk slurm --manifest \"$job/manifest.txt\" \\",
            "    " + gridArguments.map(Self.quoted).joined(separator: " ") + " --out \"$job/parts/part_${SLURM_ARRAY_TASK_ID}.json\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    func reduceScript(_ folder: JobFolder) -> String {
        let lines = [
            "#!/bin/bash",
            "# The reduce step: every task's part combined into one table, results.json.",
            "# Submitted with --dependency=afterok:ARRAY_ID (tutor cluster submit does this), it",
            "# starts only after every task of the array succeeded. If a task fails, it never starts",
            "# (squeue shows the reason DependencyNeverSatisfied). With afterany instead, it would",
            "# start anyway, and `tutor periods --merge` would say which shares are missing.",
        ] + options(folder, name: "tutor-merge", log: (folder.logs as NSString).appendingPathComponent("reduce_%j.log")) + [
            "set -euo pipefail",
            "tutor=" + Self.quoted(tutor),
            "job=" + Self.quoted(folder.path),
            "\"$tutor\" periods --merge \"$job/parts\" --json > \"$job/results.json.partial\"",
            "mv \"$job/results.json.partial\" \"$job/results.json\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in single quotes for the shell, a quote inside written as `'\''`.
    static func quoted(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || "/._-=+,:".contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
