import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The SLURM this machine can reach: its client commands (`sbatch`, `scontrol`, `scancel`)
/// run as child processes, their answers parsed. Nothing is simulated: without a SLURM,
/// `find` says what is missing and what to do.
public struct Slurm: Sendable {
    /// Why there is no SLURM to use, in one line that names what to install or where to log in.
    public struct Unavailable: Error, CustomStringConvertible, Sendable {
        /// What is missing, briefly: `sbatch is not on PATH`.
        public let reason: String
        public var description: String { "no SLURM here: \(reason); " + Slurm.howToGetOne }
    }

    /// What to do without a SLURM: one line, for every cluster command's error.
    public static let howToGetOne = "log in to your cluster's login node (where sbatch is), or start a one-node SLURM on this Debian machine: "
        + "apt-get install -y slurm-wlm munge, then Tests/slurm/start in tutor's folder (it prints the SLURM_CONF to export)"

    /// A SLURM whose controller answers, or why there is none.
    public static func find() throws(Unavailable) -> Slurm {
        guard Self.onPath("sbatch") != nil, Self.onPath("scontrol") != nil else {
            throw Unavailable(reason: "sbatch is not on PATH")
        }
        let slurm = Slurm()
        let ping = try? slurm.run("scontrol", ["ping"], timeout: 15)
        guard let ping, ping.status == 0, ping.output.contains("is UP") else {
            let said = ping?.output.split(separator: "\n").first.map(String.init) ?? "no answer"
            let conf = ProcessInfo.processInfo.environment["SLURM_CONF"] ?? "unset"
            throw Unavailable(reason: "no controller answers (scontrol ping: \(said); SLURM_CONF=\(conf))")
        }
        return slurm
    }

    /// Whether a SLURM answers here (for tests and the lesson, which say so when none does).
    public static var isAvailable: Bool { (try? find()) != nil }

    private static func onPath(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { access($0, X_OK) == 0 }
    }

    /// Runs a SLURM command, its output and errors together; stopped after `timeout` seconds.
    public func run(_ tool: String, _ arguments: [String], timeout: Double = 30) throws -> (status: Int32, output: String) {
        let child = try ChildProcess.spawn(tool, arguments, environment: [:])
        child.closeInput()
        let lines = LineCollector()
        let reader = OSThread { while let line = child.readLine() { lines.append(line) } }
        try reader.start()
        let ended = child.reap(within: timeout) ?? child.reap(terminatingWithGrace: 1)
        reader.join()
        let status: Int32 = if case .exited(let code) = ended { code } else { -1 }
        return (status, lines.text)
    }

    /// Submits `script`, after `dependency` (`afterok:123`) if given; returns the job id.
    public func submit(_ script: String, dependency: String? = nil) throws -> String {
        let arguments = ["--parsable"] + (dependency.map { ["--dependency=\($0)"] } ?? []) + [script]
        let answer = try run("sbatch", arguments)
        // --parsable prints `id` or `id;cluster`; warnings may come before it.
        let last = answer.output.split(separator: "\n").last.map { String($0.split(separator: ";")[0]) } ?? ""
        guard answer.status == 0, !last.isEmpty, last.allSatisfy(\.isNumber) else {
            throw ClusterError("sbatch \(script) failed: \(answer.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return last
    }

    /// Every record SLURM still keeps of job `id` (for an array, one per task; tasks still
    /// pending together share one record), with CPU ids. Empty once SLURM has forgotten it.
    public func jobs(_ id: String) throws -> [SlurmRecord] {
        let answer = try run("scontrol", ["-d", "-o", "show", "job", id])
        return answer.status == 0 ? SlurmRecord.parse(answer.output) : []
    }

    /// The job-completion log's records of job `id`, when SLURM keeps one in a file
    /// (`JobCompType=jobcomp/filetxt`): what is left of a job after `scontrol` forgot it.
    public func completedRecords(_ id: String) -> [SlurmRecord] {
        guard let config = try? run("scontrol", ["show", "config"]),
              let line = config.output.split(separator: "\n").first(where: { $0.hasPrefix("JobCompLoc") }),
              let path = line.split(separator: "=", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces),
              path.hasPrefix("/"), let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return SlurmRecord.parse(text).filter { $0["JobId"] == id || $0["ArrayJobId"] == id }
    }

    /// Cancels jobs (an array id cancels all its tasks).
    public func cancel(_ ids: [String]) {
        guard !ids.isEmpty else { return }
        _ = try? run("scancel", ids)
    }
}

/// Lines a reader thread collects.
final class LineCollector: @unchecked Sendable {
    private let lock = PthreadMutex()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
