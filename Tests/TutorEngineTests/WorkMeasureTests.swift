import Testing
@testable import TutorEngine

/// The share of the CPU a group of workers got: more workers than cores is no sign of load;
/// fewer CPU seconds than the cores could give is.
@Suite struct WorkMeasureTests {
    @Test func workersSharingTheCoresAmongThemselvesAreNotCrowded() {
        // Four workers, each running for the whole second, on two cores: two CPU seconds.
        let four = WorkMeasure(wall: 1, cpu: 2, running: 4, atOnce: 4, usableCPUs: 2)
        #expect(four.cpuShare == 1 && !four.wasCrowded && four.coresUsed == 2)
        // Two workers on two cores that got one CPU second between them: others had the rest.
        let crowded = WorkMeasure(wall: 1, cpu: 1, running: 2, atOnce: 2, usableCPUs: 2)
        #expect(crowded.cpuShare == 0.5 && crowded.wasCrowded)
        #expect(crowded.crowdedText == "the workers got only 50% of the CPU time they could have had")
        // Taking turns (a GIL): one second of running in all, one CPU second.
        let turns = WorkMeasure(wall: 1, cpu: 0.98, running: 1, atOnce: 1, usableCPUs: 2)
        #expect(!turns.wasCrowded && turns.coresUsed == 0.98)
    }

    @Test func theWallIsTheRunningSpanOfTheChosenTracks() {
        var recording = Recording(origin: 0, end: 10_000_000_000)
        let event = { (time: UInt64, state: WorkerState) in Event(time: time, kind: .state, code: state.rawValue, object: .none, value: 0, cpu: 0) }
        recording.tracks = [
            Track(info: WorkerInfo(id: 0, name: "a", kind: .thread, pid: 1, tid: 1),
                  events: [event(0, .idle), event(1_000_000_000, .running), event(3_000_000_000, .done)]),
            Track(info: WorkerInfo(id: 1, name: "b", kind: .thread, pid: 1, tid: 2),
                  events: [event(2_000_000_000, .running), event(4_000_000_000, .idle), event(5_000_000_000, .done)]),
        ]
        let measure = WorkMeasure.of(recording, cpuNanoseconds: 3_000_000_000) { _ in true }
        #expect(measure.wall == 3 && measure.running == 4 && measure.atOnce == 2 && measure.cpu == 3)
    }
}
