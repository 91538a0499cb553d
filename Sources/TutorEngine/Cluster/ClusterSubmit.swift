import Foundation

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
