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
}
