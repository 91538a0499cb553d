import Foundation

/// The folder of one cluster job, as `tutor cluster plan` lays it out: the manifest, the two
/// batch scripts, the plan, the submitted job ids, and the tasks' parts and logs.
public struct JobFolder: Sendable {
    public let path: String

    public init(_ path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    public var manifest: String { file("manifest.txt") }
    public var arrayScript: String { file("array.sbatch") }
    public var reduceScript: String { file("reduce.sbatch") }
    public var plan: String { file("plan.json") }
    public var jobs: String { file("jobs.json") }
    public var parts: String { file("parts") }
    public var logs: String { file("logs") }
    public var results: String { file("results.json") }

    /// The log of array task `index` of array job `array` (`%A_%a` in the script).
    public func taskLog(array: String, index: Int) -> String {
        (logs as NSString).appendingPathComponent("periods_\(array)_\(index).log")
    }

    public func reduceLog(job: String) -> String {
        (logs as NSString).appendingPathComponent("reduce_\(job).log")
    }

    /// The ids `tutor cluster submit` recorded.
    public struct Jobs: Codable, Sendable, Equatable {
        public var array: String
        public var reduce: String
    }

    public func readJobs() throws(ClusterError) -> Jobs {
        guard let data = FileManager.default.contents(atPath: jobs) else {
            throw ClusterError("\(path): not submitted yet (no jobs.json): run tutor cluster submit \(path)")
        }
        do { return try JSONDecoder().decode(Jobs.self, from: data) } catch {
            throw ClusterError("\(jobs): not written by tutor cluster submit (\(error))")
        }
    }

    public func readPlan() throws(ClusterError) -> ClusterPlan {
        guard let data = FileManager.default.contents(atPath: plan) else {
            throw ClusterError("\(path): no plan.json here: make the job with tutor cluster plan … --into \(path)")
        }
        do { return try JSONDecoder().decode(ClusterPlan.self, from: data) } catch {
            throw ClusterError("\(plan): not written by tutor cluster plan (\(error))")
        }
    }
}

public struct ClusterError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
