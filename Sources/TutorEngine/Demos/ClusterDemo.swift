import Foundation
import TutorAstro

/// `cluster`: the pool's light-curve work as a SLURM job array on the SLURM this machine
/// reaches, for real. It plans a job folder (`tutor cluster plan`), submits the array and its
/// reduce job, and records one lane per array task from what `scontrol` reports (10 times a
/// second for the first 30 s, then once a second): pending (on the throttle, on the node's CPUs, on a dependency), running on which
/// CPU, done; then the reduce job; then the merged periods. Without a SLURM it fails with
/// what to do, in one screen.
public struct ClusterDemo: Demo {
    public let id = "cluster"
    public let title = "From a pool to a job array on SLURM"
    public let parameters: [ParameterSpec] = [
        ParameterSpec("tasks", .integer(1...32), default: .integer(6), "array tasks (shares of the files)"),
        ParameterSpec("throttle", .integer(1...32), default: .integer(2), "at most this many tasks at once (%K)"),
        ParameterSpec("cpus-per-task", .integer(1...16), default: .integer(1), "CPUs each task asks for"),
        ParameterSpec("files", .paths, default: .paths([]), "light-curve files or folders (default: the shipped samples)"),
    ] + PeriodSearchParameters.specs.map { spec in
        // Five times the pool's grid, so each task runs a second or so and is seen running.
        spec.name == "nfreq" ? ParameterSpec(spec.name, spec.kind, default: .integer(100_000), spec.meaning) : spec
    }
    public let measures = ["tasks", "throttle", "most_running_at_once", "most_at_once_by_parts", "wall_seconds", "periods",
                           "files", "failed_tasks", "each_file_once"]
    public let watch = DemoWatch(histogram: nil)
    /// Where job folders go; `ClusterJobsHome.base()` if nil.
    let jobsBase: String?

    /// How often the demo reads the queue: often at first, so that a task of a second is
    /// seen running, then gently, since every reading is a request to the cluster's
    /// controller, which a login node's users share.
    static func pollSeconds(after elapsed: Double) -> Double { elapsed < 30 ? 0.1 : 1 }
    /// How long a cancelled run waits for SLURM to end its jobs.
    static let cancelWaitSeconds = 30.0

    public init(jobsBase: String? = nil) {
        self.jobsBase = jobsBase
    }

    /// The screen a student gets on a machine without SLURM: what the demo needs and how to
    /// get a one-node SLURM on Debian (the commands of Tests/slurm/start), not run by tutor.
    public static func withoutSlurm(_ reason: String) -> String {
        """
        This demo needs a real SLURM, and none answers here:
          \(reason)
        On a cluster: run tutor on its login node, where sbatch and squeue work.
        On a Debian machine of your own, as root, a one-node SLURM:
          apt-get install -y slurm-wlm munge
          Tests/slurm/start      (in tutor's folder; prints a line to run:)
          export SLURM_CONF=/tmp/tutor-slurm/slurm.conf
        then start tutor again from that shell. Tests/slurm/stop stops it.
        """
    }

    public func validate(_ parameters: ParameterValues) throws(ParameterError) {
        _ = try PeriodSearchParameters.grid(parameters)
    }

    public func run(_ context: DemoContext) throws -> DemoOutcome {
        let main = context.main
        // Paused or stepping, nothing is submitted until the student lets main go; each step
        // after that is one reading of the queue. SLURM itself is never paused.
        try main.checkpoint("submit the job array to SLURM")
        let slurm: Slurm
        do throws(Slurm.Unavailable) { slurm = try Slurm.find() } catch {
            throw EngineError.workerFailed(Self.withoutSlurm(error.reason))
        }
        let values = context.parameters
        let grid = try PeriodSearchParameters.grid(values)
        let files = try PeriodSearch.files(values.paths("files"))
        let folder = try ClusterJobsHome.newRun(in: jobsBase ?? ClusterJobsHome.base())
        let plan = try ClusterPlan(files: files, tasks: values.integer("tasks"), throttle: values.integer("throttle"),
                                   cpusPerTask: values.integer("cpus-per-task"), time: nil, partition: nil,
                                   tutor: try Self.tutorPath(context), gridArguments: GridRule.fixed(grid).arguments)
        try plan.write(into: folder)
        main.print("job folder \(folder.path)")
        let started = MonotonicClock.now()
        let jobs = try ClusterSubmit.submit(folder, slurm: slurm)
        main.print("sbatch: array job \(jobs.array) (--array=\(plan.arraySpec)), reduce job \(jobs.reduce) (afterok)")
        main.enter(.idle)
        let watcher = ClusterWatcher(context: context, plan: plan, jobs: jobs)
        var status: ClusterStatus
        while true {
            if context.pacer.isCancelled {
                Self.cancel(jobs, folder: folder, plan: plan, slurm: slurm)
                watcher.endAll()
                throw DemoCancelled()
            }
            status = try ClusterStatus.read(folder, jobs: jobs, tasks: plan.tasks, slurm: slurm)
            watcher.record(status)
            if status.isOver { break }
            do {
                try context.pacer.sleep(seconds: Self.pollSeconds(after: Double(MonotonicClock.now() - started) / 1e9))
                try main.checkpoint("read the queue (scontrol show job)")
            } catch is DemoCancelled {}
        }
        let wall = Double(MonotonicClock.now() - started) / 1e9
        if status.reduce.willNeverStart { slurm.cancel([jobs.reduce]) }
        main.enter(.running)
        for problem in status.problems { main.print("problem: \(problem)") }
        let merged = try? PeriodMerge.merge([folder.parts])
        for result in merged?.results ?? [] { main.print(PoolDemo.line(for: result)) }
        let periods = merged?.results.filter { if case .period = $0.outcome { true } else { false } }.count ?? 0
        let onceEach = merged.map { $0.isComplete && $0.results.count == files.count } ?? false
        let failedTasks = status.tasks.filter(\.failed).count
        let byParts = merged.map { Self.deepestOverlap($0.parts) } ?? -1
        let summary = "\(periods) of \(files.count) periods from \(plan.tasks) task\(plan.tasks == 1 ? "" : "s"), "
            + "at most \(watcher.mostRunning) running at once (throttle \(plan.throttle ?? plan.tasks)), "
            + String(format: "%.1f s from sbatch to the end", wall)
            + (failedTasks > 0 ? "; \(failedTasks) task\(failedTasks == 1 ? "" : "s") failed, so the reduce job never ran" : "")
        main.print(summary)
        return DemoOutcome(result: summary, values: [
            "tasks": Double(plan.tasks), "throttle": Double(plan.throttle ?? plan.tasks),
            "most_running_at_once": Double(watcher.mostRunning), "wall_seconds": wall, "periods": Double(periods),
            "files": Double(files.count), "failed_tasks": Double(failedTasks), "each_file_once": onceEach ? 1 : 0,
            "most_at_once_by_parts": Double(byParts),
        ])
    }

    /// The most parts whose own start-to-end times overlap: how many tasks ran at once by the
    /// clock of the tasks themselves, exact where polling can miss a task shorter than a poll.
    static func deepestOverlap(_ parts: [PeriodPart]) -> Int {
        let starts: [(time: Double, delta: Int)] = parts.map { ($0.started, 1) }
        let ends: [(time: Double, delta: Int)] = parts.map { ($0.ended, -1) }
        // Ends sort before starts at the same time: a task that ends as the next starts is not
        // running beside it.
        let edges = (starts + ends).sorted { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var current = 0, deepest = 0
        for edge in edges {
            current += edge.delta
            deepest = max(deepest, current)
        }
        return deepest
    }

    /// The path of the `tutor` the tasks run: SLURM starts it on a node, where this process's
    /// /proc/self/exe means nothing.
    static func tutorPath(_ context: DemoContext) throws -> String {
        guard context.workerExecutable == WorkerExecutable.current else { return context.workerExecutable }
        guard let path = WorkerExecutable.installedPath else {
            throw EngineError.workerFailed("tutor's executable is gone from \(WorkerExecutable.realPath): the tasks would have nothing to run")
        }
        return path
    }

    /// Cancels the run's jobs and waits (a while) until SLURM says they have ended, so a
    /// cancelled demo leaves nothing running or queued.
    static func cancel(_ jobs: JobFolder.Jobs, folder: JobFolder, plan: ClusterPlan, slurm: Slurm) {
        slurm.cancel([jobs.array, jobs.reduce])
        let due = MonotonicClock.now() + UInt64(cancelWaitSeconds * 1e9)
        while MonotonicClock.now() < due {
            guard let status = try? ClusterStatus.read(folder, jobs: jobs, tasks: plan.tasks, slurm: slurm) else { return }
            if status.tasks.allSatisfy({ $0.isFinished || $0.state == "UNKNOWN" }) && (status.reduce.isFinished || status.reduce.state == "UNKNOWN") {
                return
            }
            usleep(100_000)
        }
    }

    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        let throttle = parameters.integer("throttle")
        let most = TraceAnalysis.maxConcurrency(recording, in: [.running]) { $0.info.kind == .job && $0.info.name.hasPrefix("task") }
        let timed = Int(outcome.values["most_at_once_by_parts"] ?? -1)
        let files = Int(outcome.values["files"] ?? 0)
        let periods = Int(outcome.values["periods"] ?? 0)
        // Seeing no task run proves nothing about the throttle: that is no pass.
        return [
            Check("never more than the throttle running at once", most <= throttle && most >= 1,
                  most == 0 ? "no task was seen running" : "at most \(most) task\(most == 1 ? "" : "s") seen running at once, throttle \(throttle)"),
            Check("never more than the throttle at once by the tasks' own clocks", timed >= 0 && timed <= throttle,
                  timed >= 0 ? "the parts' start and end times overlap at most \(timed) deep" : "no part recorded its times"),
            Check("every file's period found exactly once", outcome.values["each_file_once"] == 1,
                  "\(periods) periods for \(files) files"),
        ]
    }
}
