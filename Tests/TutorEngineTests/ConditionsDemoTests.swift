import Testing
import TutorAstro
@testable import TutorEngine

@Suite struct ConditionsDemoTests {
    @Test(arguments: 0..<8)
    func everyItemIsConsumedExactlyOnceAndTheBufferStaysInBounds(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let producers = Int.random(in: 1...4, using: &generator)
        let consumers = Int.random(in: 1...4, using: &generator)
        let capacity = Int.random(in: 1...6, using: &generator)
        let items = Int.random(in: 1...400, using: &generator)
        let (recording, status) = try runToEnd(ConditionsDemo(), [
            "--producers", "\(producers)", "--consumers", "\(consumers)",
            "--capacity", "\(capacity)", "--items", "\(items)",
        ])
        let produced = TraceAnalysis.instants(recording, .produce).map(\.event.value)
        let consumed = TraceAnalysis.instants(recording, .consume).map(\.event.value)
        #expect(produced.sorted() == (1...Int64(items)).map { $0 })
        #expect(consumed.sorted() == (1...Int64(items)).map { $0 })
        let fills = TraceAnalysis.counterValues(recording, "buffer")
        #expect(fills.allSatisfy { (0...Int64(capacity)).contains($0.value) })
        #expect(fills.last?.value == 0)
        // Whenever a consumer starts waiting, the buffer is empty at that moment.
        let notEmpty = try #require(recording.object(named: "not_empty"))
        for track in recording.tracks where track.info.name.hasPrefix("Consumer") {
            for slice in track.slices(until: recording.end) where slice.state == .waitingCondition {
                #expect(slice.object == notEmpty)
                let fillThen = fills.last { $0.time <= slice.start }?.value ?? 0
                #expect(fillThen == 0)
            }
        }
        #expect(status.checks.allSatisfy { $0.passed })
    }

    @Test func aConsumerFirstWaitsOnTheEmptyBuffer() throws {
        let demo = ConditionsDemo()
        let parameters = try ParameterParser.parse(["--items", "5"], specs: demo.parameters)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .stepping)
        // Workers: 0 main, 1 Producer-1, 2 Consumer-1. Let the consumer go first.
        #expect(run.pacer.awaitCheckpoint(2))
        #expect(run.pacer.step(2))
        #expect(eventually { lastState(run, 2) == .waitingCondition })
        run.pacer.setMode(.fast)
        let status = run.wait()
        let recording = run.recorder.snapshot()
        let consumer = try #require(track(recording, "Consumer-1"))
        let firstWait = try #require(consumer.slices(until: recording.end).first { $0.state == .waitingCondition })
        let firstProduce = try #require(TraceAnalysis.instants(recording, .produce).first)
        #expect(firstWait.start < firstProduce.event.time)
        #expect(consumer.instants.contains { $0.instant == .wake })
        #expect(status.outcome?.result.hasPrefix("5 of 5 items consumed; producers waited for room ") == true)
        // The waits counted are the producers' own waits on the full buffer, as recorded.
        let producerWaits = recording.tracks.filter { $0.info.name.hasPrefix("Producer-") }
            .flatMap { $0.slices(until: recording.end) }.filter { $0.state == .waitingCondition }.count
        #expect(status.outcome?.values["producer_waits"] == Double(producerWaits))
    }
}
