import Foundation

/// The CPUs this process may run on (its affinity: `taskset`, a SLURM job's CPUs), which can
/// be fewer than the machine's. Read from `Cpus_allowed_list` in /proc/self/status, the list
/// `sched_getaffinity` gives; the machine's count if that cannot be read.
public enum UsableCPUs {
    public static var count: Int {
        guard let status = ProcText.read("/proc/self/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else {
            return PoolDemo.cores
        }
        return max(1, count(inList: String(line.dropFirst("Cpus_allowed_list:".count))))
    }

    /// How many worker processes to start by default, and why: the CPUs this process may use,
    /// fewer if a SLURM job asked for fewer (`SLURM_CPUS_PER_TASK`, set only when
    /// `--cpus-per-task` was given). Never the machine's core count: in a job given one CPU,
    /// two workers would share it and gain nothing.
    public static func workerBudget(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (count: Int, reason: String) {
        let allowed = count
        let reason = "\(allowed) CPU\(allowed == 1 ? "" : "s") this process may use (of \(PoolDemo.cores) on the machine)"
        if let perTask = environment["SLURM_CPUS_PER_TASK"].flatMap({ Int($0) }), perTask >= 1, perTask < allowed {
            return (perTask, "SLURM_CPUS_PER_TASK=\(perTask); " + reason)
        }
        return (allowed, reason)
    }

    /// How many CPUs a list such as "0-3,8,10-11" names.
    static func count(inList list: String) -> Int {
        list.split(separator: ",").reduce(0) { total, part in
            let ends = part.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            switch ends.count {
            case 1: return total + 1
            case 2 where ends[1] >= ends[0]: return total + ends[1] - ends[0] + 1
            default: return total
            }
        }
    }
}
