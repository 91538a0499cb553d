import TutorEngine
import TutorLessons
import TutorTimeline
import TutorUI

/// What drawing the live timeline costs: a frame of the locks lesson at 200×60 while a real run
/// of about 100,000 events is on screen, rendered into the grid (what the UI does per frame
/// before curses sends the changes).
struct RenderBench {
    let lessons: LessonLibrary
    /// Increments per thread of the recorded locks run (4 threads, about 5 events each).
    let increments: Int

    struct Figures {
        /// The frame that shows the run's end: its digest made afresh over the whole width (the
        /// whole run scanned, as when the last snapshot arrives), then rendered.
        var finishedFrame: Samples
        /// A frame during the run, replayed in steps of 1/20 of its events: what a live view at
        /// 20 frames a second does while the run records.
        var liveFrame: Samples
        var events: Int
    }

    func measure(frames: Int) throws -> Figures {
        let recording = try lockedRun()
        var state = AppState(width: 200, height: 60, unicode: true, lessons: lessons.lessons,
                             invalidLessons: [], demos: DemoInfo.lessonDemos, progress: Progress(),
                             startAt: "locks")
        // The lesson's last demo, the locked full-speed run (the first asks questions first).
        for _ in 1..<max(1, state.lesson?.demos.count ?? 1) { _ = update(&state, .key(.character("d"))) }
        _ = update(&state, .key(.character("r")))
        guard state.run != nil else { throw BenchError.missingLesson("locks") }

        /// A live frame: the snapshot applied (the digest takes in what is new) and rendered.
        func renderTime(_ frame: Recording) -> Double {
            let start = MonotonicClock.now()
            _ = update(&state, .run(RunSnapshot(recording: frame, status: .running, mode: .fast, nextSteps: [:], cpuTime: 0)))
            _ = render(state)
            return Double(MonotonicClock.now() - start) / 1e3
        }
        let finishedFrames = Samples.collect(frames) { () -> Double in
            let start = MonotonicClock.now()
            let columns = state.run?.digest.columns ?? 1
            state.run?.recording = recording
            state.run?.digest = RunDigest(recording, columns: columns, watching: "counter")
            _ = render(state)
            return Double(MonotonicClock.now() - start) / 1e3
        }
        let steps = 20
        var live: [Double] = []
        for _ in 0..<max(1, frames / steps) {
            for step in 1...steps {
                let time = recording.origin + recording.duration * UInt64(step) / UInt64(steps)
                live.append(renderTime(recording.asOf(time)))
            }
        }
        return Figures(finishedFrame: finishedFrames, liveFrame: Samples(values: live), events: recording.eventCount)
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
