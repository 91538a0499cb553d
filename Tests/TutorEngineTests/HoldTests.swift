import Testing
@testable import TutorEngine
import TutorTimeline

/// The pacer's holds are recorded apart from the states: only while pacing, each begun hold
/// ends, nothing else is recorded by a worker while it is held, and busy time leaves them out.
@Suite struct HoldTests {
    @Test(arguments: ["locks", "pool"])
    func aPacedRunRecordsBalancedHoldsWithNothingInside(id: String) throws {
        let demo = try #require(DemoCatalog.demo(id))
        let arguments = id == "pool" ? ["--processes", "2", "--nfreq", "2000"] : ["--threads", "3", "--increments", "4"]
        let run = try start(demo, arguments, mode: .speed(50))
        let status = run.wait()
        #expect({ if case .completed = status { true } else { false } }(), "the paced run completed: \(status)")
        let recording = run.recorder.snapshot()
        var holds = 0
        for track in recording.tracks {
            var held = false
            let times = track.events.map(\.time)
            #expect(times == times.sorted(), "\(track.info.name): a lane's times never go backwards")
            if track.info.kind == .process {
                #expect(TrackDigest(track).busyFraction(until: recording.end) > 0, "\(track.info.name) computed")
            }
            for event in track.events {
                if let begins = event.holdBegins {
                    #expect(begins != held, "\(track.info.name): holds alternate begin, end")
                    held = begins
                    holds += begins ? 1 : 0
                } else {
                    #expect(!held, "\(track.info.name) recorded \(event.kind) while held")
                }
            }
            #expect(!held, "\(track.info.name): the last hold ended")
        }
        #expect(holds > 0, "a paced run is held at its checkpoints")
    }

    @Test func aFastRunIsNeverHeld() throws {
        let (recording, _) = try runToEnd(LocksDemo(), ["--threads", "3", "--increments", "50"])
        #expect(recording.tracks.allSatisfy { $0.events.allSatisfy { $0.kind != .hold } })
    }

    @Test func busyTimeLeavesOutHolds() {
        func event(_ time: UInt64, _ kind: Event.Kind, _ code: UInt8) -> Event {
            Event(time: time, kind: kind, code: code, object: .none, value: 0, cpu: 0)
        }
        // Running from 0 to 100, held from 20 to 70: busy 50 of 100.
        let track = Track(info: WorkerInfo(id: 0, name: "w", kind: .thread, pid: 1, tid: 2), events: [
            event(0, .state, WorkerState.running.rawValue), event(20, .hold, 1), event(70, .hold, 0),
            event(100, .state, WorkerState.done.rawValue),
        ])
        #expect(TrackDigest(track).busyFraction(until: 100) == 0.5)
        // Still held at the end of the recording.
        let open = Track(info: track.info, events: Array(track.events.prefix(2)))
        #expect(TrackDigest(open).busyFraction(until: 100) == 0.2)
    }
}
