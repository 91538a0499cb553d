import TutorEngine
import TutorLessons
import TutorUI

/// What drawing the live timeline costs: a frame of the locks lesson at 200×60 while a real run
/// of about 100,000 events is on screen, rendered into the grid (what the UI does per frame
/// before curses sends the changes).
struct RenderBench {
    let lessons: LessonLibrary
    /// Increments per thread of the recorded locks run (4 threads, about 5 events each).
    let increments: Int

    struct Figures {
        var microsecondsPerFrame: Samples
        var events: Int
    }

    func measure(frames: Int) throws -> Figures {
        let recording = try lockedRun()
        var state = AppState(width: 200, height: 60, unicode: true, lessons: lessons.lessons,
                             invalidLessons: [], progress: Progress(), startAt: "locks")
        // The lesson's last demo, the locked full-speed run (the first asks questions first).
        for _ in 1..<max(1, state.lesson?.demos.count ?? 1) { _ = update(&state, .key(.character("d"))) }
        _ = update(&state, .key(.character("r")))
        guard state.run != nil else { throw BenchError.missingLesson("locks") }
        var frame = recording
        let times = Samples.collect(frames) {
            // Each frame sees a recording it has not drawn before, as during a run.
            frame.end += 1
            _ = update(&state, .run(RunSnapshot(recording: frame, status: .running, mode: .fast,
                                                nextSteps: [:], cpuTime: 0)))
            let start = MonotonicClock.now()
            _ = render(state)
            return Double(MonotonicClock.now() - start) / 1e3
        }
        return Figures(microsecondsPerFrame: times, events: recording.eventCount)
    }

    /// A finished run of the locks demo with the lock: four threads contending.
    private func lockedRun() throws -> Recording {
        guard let demo = DemoCatalog.demo("locks") else { throw BenchError.missingDemo("locks") }
        var parameters = demo.defaultParameters
        parameters["threads"] = .integer(4)
        parameters["increments"] = .integer(increments)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .fast)
        _ = run.wait()
        return run.recorder.snapshot()
    }
}
