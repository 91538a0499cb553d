import Synchronization
import Testing
@testable import TutorEngine

@Suite struct PacerTests {
    /// What a stepper thread saw: checkpoints passed, and whether it was cancelled.
    final class Tally: Sendable {
        let passed = Atomic<Int>(0)
        let cancelled = Atomic<Bool>(false)
    }

    /// A thread that passes `steps` checkpoints as worker 0 and counts them.
    struct Stepper {
        let tally = Tally()
        let thread: OSThread

        init(_ pacer: Pacer, steps: Int) throws {
            let tally = tally
            thread = OSThread({
                do {
                    for index in 0..<steps {
                        try pacer.checkpoint(0, "step \(index)")
                        tally.passed.add(1, ordering: .relaxed)
                    }
                } catch {
                    tally.cancelled.store(true, ordering: .relaxed)
                }
            }, whenFinished: { pacer.workerFinished(0) })
            try thread.start()
        }

        var count: Int { tally.passed.load(ordering: .relaxed) }
    }

    @Test func steppingGrantsExactlyOneStepAtATime() throws {
        let pacer = Pacer(mode: .stepping)
        let stepper = try Stepper(pacer, steps: 3)
        #expect(pacer.awaitCheckpoint(0))
        #expect(stepper.count == 0)
        #expect(pacer.nextSteps == [0: "step 0"])
        for expected in 1...3 {
            #expect(pacer.step(0))
            #expect(pacer.awaitCheckpoint(0))
            #expect(stepper.count == expected)
        }
        stepper.thread.join()
        #expect(!pacer.step(0))
    }

    @Test func pauseHoldsWorkersUntilResumed() throws {
        let pacer = Pacer(mode: .paused)
        let stepper = try Stepper(pacer, steps: 2)
        #expect(pacer.awaitCheckpoint(0))
        #expect(stepper.count == 0)
        #expect(!pacer.step(0), "a step is only granted in step mode")
        pacer.setMode(.fast)
        stepper.thread.join()
        #expect(stepper.count == 2)
    }

    @Test func cancelWakesAPausedWorker() throws {
        let pacer = Pacer(mode: .paused)
        let stepper = try Stepper(pacer, steps: 2)
        #expect(pacer.awaitCheckpoint(0))
        pacer.cancel()
        stepper.thread.join()
        let cancelled = stepper.tally.cancelled.load(ordering: .relaxed)
        #expect(cancelled)
        #expect(stepper.count == 0)
        #expect(throws: DemoCancelled.self) { try pacer.checkpoint(1, "after cancel") }
    }

    @Test func cancelInterruptsASleep() throws {
        let pacer = Pacer(mode: .fast)
        let woke = Atomic<Bool>(false)
        let sleeper = OSThread {
            do { try pacer.sleep(seconds: 600) } catch { woke.store(true, ordering: .relaxed) }
        }
        try sleeper.start()
        pacer.cancel()
        sleeper.join()
        let didWake = woke.load(ordering: .relaxed)
        #expect(didWake)
    }

    @Test func cancelHooksRunOnceEvenWhenAddedLate() {
        let pacer = Pacer()
        let calls = Atomic<Int>(0)
        pacer.onCancel { calls.add(1, ordering: .relaxed) }
        pacer.cancel()
        pacer.cancel()
        pacer.onCancel { calls.add(1, ordering: .relaxed) }
        let count = calls.load(ordering: .relaxed)
        #expect(count == 2)
    }

    @Test func speedScalesTheStep() {
        #expect(PacerMode.speed(1) == .paced(stepSeconds: PacerMode.defaultStepSeconds))
        #expect(PacerMode.speed(4) == .paced(stepSeconds: PacerMode.defaultStepSeconds / 4))
    }
}
