import Testing
@testable import TutorEngine
import TutorTimeline

@Suite struct TraceAnalysisTests {
    /// A recording whose tracks hold the given (start, end) spans in `state`.
    func recording(_ spans: [[(UInt64, UInt64)]], _ state: WorkerState = .holdingLock) -> Recording {
        var recording = Recording(origin: 0, end: 1_000)
        for (index, worker) in spans.enumerated() {
            var events: [Event] = []
            for (start, end) in worker {
                events.append(Event(time: start, kind: .state, code: state.rawValue, object: .none, value: 0, cpu: 0))
                events.append(Event(time: end, kind: .state, code: WorkerState.running.rawValue, object: .none, value: 0, cpu: 0))
            }
            recording.tracks.append(Track(info: WorkerInfo(id: index, name: "\(index)", kind: .thread, pid: 1, tid: 1),
                                          events: events))
        }
        return recording
    }

    @Test func touchingSlicesDoNotOverlap() {
        let touching = recording([[(0, 10), (20, 30)], [(10, 20), (30, 40)]])
        #expect(TraceAnalysis.maxConcurrency(touching, in: [.holdingLock]) == 1)
    }

    /// Past its memory budget a recording drops the events that would close each worker's last
    /// hold: those holds end at the worker's last recorded event, not all at the end (41
    /// holders of one lock were reported at once).
    @Test func aRecordingCutShortDoesNotStretchLastHoldsToItsEnd() {
        var cut = recording([[(0, 10)], [(10, 20)], [(20, 30)]])
        // Each worker's last event is a hold taken, its release lost.
        for index in cut.tracks.indices {
            let events = Array(cut.tracks[index].events.dropLast())
            cut.tracks[index] = Track(info: cut.tracks[index].info, events: events)
        }
        #expect(TraceAnalysis.maxConcurrency(cut, in: [.holdingLock]) == 3, "a whole recording ends open holds at its end")
        cut.droppedEvents = 5
        #expect(TraceAnalysis.maxConcurrency(cut, in: [.holdingLock]) <= 1)
    }

    @Test func overlapsAreCountedAtTheirPeak() {
        let overlapping = recording([[(0, 10)], [(5, 15)], [(8, 9)], [(12, 20)]])
        #expect(TraceAnalysis.maxConcurrency(overlapping, in: [.holdingLock]) == 3)
        #expect(TraceAnalysis.maxConcurrency(overlapping, in: [.sleeping]) == 0)
    }

    @Test func busyFractionCountsOnlyBusyStates() {
        let track = recording([[(0, 25)]], .sleeping).tracks[0]
        // Sleeping 0–25, then running until the end at 100.
        #expect(TrackDigest(track).busyFraction(until: 100) == 0.75)
    }
}
