import Testing
@testable import TutorEngine

@Suite struct ParallelismDemoTests {
    @Test(arguments: ["sleep", "cpu"])
    func eachTaskRunsInItsOwnProcessAndPrintsTheCoursesLines(work: String) throws {
        let (recording, status) = try runToEnd(ParallelismDemo(), ["--tasks", "3", "--seconds", "0.05", "--work", work])
        #expect(status.outcome?.values["failed"] == 0)
        let processes = recording.tracks.filter { $0.info.kind == .process }
        #expect(Set(processes.map(\.info.pid)).count == 3)
        for index in 0..<3 {
            let started = recording.output.first { $0.text == "Task \(index) started" }
            let completed = recording.output.first { $0.text == "Task \(index) completed" }
            #expect(started != nil && completed != nil && started!.worker == completed!.worker)
            #expect(recording.tracks[started!.worker].info.kind == .process)
        }
        #expect(recording.output.last?.text == "All tasks completed")
        let state: WorkerState = work == "sleep" ? .sleeping : .running
        #expect(processes.allSatisfy { track in track.slices(until: recording.end).contains { $0.state == state } })
    }

    /// "One after another" is measured, never tasks × seconds: the tasks' own CPU time when
    /// they compute, their time asleep when they sleep; and no more cores are used than exist.
    @Test(arguments: ["sleep", "cpu"])
    func theBaselineIsMeasuredAndCoresUsedArePossible(work: String) throws {
        let spinners = Spinners(count: 1)
        defer { spinners.stop() }
        let (recording, status) = try runToEnd(ParallelismDemo(), ["--tasks", "3", "--seconds", "0.05", "--work", work])
        let values = try #require(status.outcome?.values)
        let serial = try #require(values["serial_seconds"]), wall = try #require(values["wall_seconds"])
        if work == "sleep" {
            #expect(serial >= 3 * 0.05 && serial == ParallelismDemo.asleep(recording))
        } else {
            #expect(serial > 0 && serial != 3 * 0.05, "the CPU time measured, not the work asked for")
        }
        let cores = try #require(values["cores_used"])
        #expect(wall > 0 && cores <= Double(UsableCPUs.count) * 1.05)
        #expect(values["running_at_once"].map { (1...3).contains(Int($0)) } == true)
    }

    /// While the test keeps both cores busy, four computing tasks get less CPU than they could
    /// have had: the run says so, flags its wall-clock figures (no prediction is judged on
    /// them), and still shows no impossible figure: never more cores used than exist.
    @Test func onABusyMachineTheWallTimeIsFlaggedAndNothingImpossibleIsShown() throws {
        let spinners = Spinners(count: UsableCPUs.count)
        defer { spinners.stop() }
        let (_, status) = try runToEnd(ParallelismDemo(), ["--tasks", "4", "--seconds", "0.2", "--work", "cpu"])
        let outcome = try #require(status.outcome)
        #expect(outcome.values["busy"] == 1, "\(outcome.values)")
        #expect(outcome.unreliable.isSuperset(of: ["wall_seconds", "cores_used", "running_at_once"]))
        #expect(outcome.caution?.contains("not judged") == true, "\(outcome.caution ?? "")")
        #expect(try #require(outcome.values["cores_used"]) <= Double(UsableCPUs.count) * 1.05)
    }
}
