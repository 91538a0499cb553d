import TutorEngine

/// Pause, step mode (the student as the scheduler) and speed.
enum StepUpdate {
    /// A real program started at full speed runs untraced: tutor can neither pace nor step it.
    static func refuseForPrograms(_ state: inout AppState) -> Bool {
        guard let run = state.run, !run.steppable, run.status == .running else { return false }
        state.notice = "this run is at full speed, untraced: press s with no run to step a Python block line by line"
        return true
    }

    static func togglePause(_ state: inout AppState) -> [Effect] {
        if refuseForPrograms(&state) { return [] }
        guard var run = state.run, run.status == .running else { return [] }
        state.notice = nil  // what step mode said about a key no longer applies
        let mode: PacerMode = run.mode == .paused || run.mode == .stepping ? run.watch.paced(state.speed) : .paused
        run.mode = mode
        state.run = run
        return [.setMode(mode)]
    }

    static func step(_ state: inout AppState) -> [Effect] {
        if refuseForPrograms(&state) { return [] }
        guard var run = state.run, run.status == .running else { return startStepping(&state) }
        if run.mode != .stepping {
            run.mode = .stepping
            state.run = run
            return [.setMode(.stepping)]
        }
        return stepSelected(&state)
    }

    /// `s` with no run: the lesson's demo starts in step mode, so the student schedules it from
    /// its first step; a Python block runs in real CPython, each thread held before every line.
    static func startStepping(_ state: inout AppState) -> [Effect] {
        guard let demo = state.selectedDemo else {
            state.notice = "s steps a demo: this lesson has none"
            return []
        }
        if demo.fast {
            state.notice = "this demo runs at full speed (--fast), too many steps to take by hand; d picks another"
            return []
        }
        state.stepOnStart = true
        return CommandUpdate.startOrAsk(&state)
    }

    static func stepSelected(_ state: inout AppState) -> [Effect] {
        guard let run = state.run, let worker = run.selectedWorker ?? run.nextSteps.keys.min() else { return [] }
        return grant(worker, &state)
    }

    /// Lets `worker` take its next step, if it is waiting for one.
    static func grant(_ worker: Int, _ state: inout AppState) -> [Effect] {
        guard let run = state.run else { return [] }
        guard run.nextSteps[worker] != nil else {
            let tracks = run.recording.tracks
            // Python's "Thread-2 (add_detections)" as "Thread-2", so the reason fits the line.
            let name = tracks.indices.contains(worker) ? tracks[worker].info.name.components(separatedBy: " (")[0] : nil
            if let name, tracks[worker].doneTime != nil {
                state.notice = "\(name) has finished"
            } else if let name {
                // Why, from the state it is in: what a student pressing its key needs to know.
                let now = run.digest.frame.digests[safe: worker]?.current
                let holder = now.flatMap { run.recording.name(of: $0.object) }
                switch now?.state {
                case .idle: state.notice = "\(name) is idle, waiting for others (as in join()): it moves once they are done"
                case .waitingLock where run.digest.frame.deadlock?.tracks.contains(worker) == true:
                    state.notice = "\(name) is deadlocked on \(holder ?? "a lock"): its holder waits for it in turn; no step frees them"
                case .waitingLock, .waitingSemaphore, .waitingCondition:
                    state.notice = "\(name) is blocked on \(holder ?? "what it waits for"): step the one that holds it"
                case .waitingGIL: state.notice = "\(name) waits for the GIL: step the thread that holds it"
                case .sleeping: state.notice = "\(name) is asleep: it wakes by itself"
                default:
                    if let line = run.lines[worker] {
                        state.notice = "\(name) is computing inside line \(line): it waits for you at its next line"
                    } else if run.demo == ObservedProgramDemo.lessonDemoID {
                        state.notice = "\(name) runs outside your code (Python's library, C): it waits for you at a line of yours"
                    } else {
                        state.notice = "\(name) is on its way to its next step"
                    }
                }
            } else {
                state.notice = "no worker in row \(Character(RowKeys.symbol(worker)))"
            }
            return []
        }
        state.notice = nil
        state.run?.nextSteps[worker] = nil
        state.run?.awaitingStep = worker
        return [.step(worker: worker)]
    }

    static func selectWaiting(by offset: Int, _ state: inout AppState) {
        guard var run = state.run else { return }
        let waiting = run.nextSteps.keys.sorted()
        guard !waiting.isEmpty else { return }
        let position = run.selectedWorker.flatMap(waiting.firstIndex) ?? 0
        run.selectedWorker = waiting[(position + offset + waiting.count) % waiting.count]
        state.run = run
    }

    static func changeSpeed(by factor: Double, _ state: inout AppState) -> [Effect] {
        state.speed = min(64, max(1.0 / 16, state.speed * factor))
        let speed = SpeedText.format(state.speed)
        guard var run = state.run, run.status == .running, case .paced = run.mode else {
            state.notice = "speed \(speed) for the next paced run (+ faster, - slower)"
            return []
        }
        state.notice = "speed \(speed)"
        run.mode = run.watch.paced(state.speed)
        state.run = run
        return [.setMode(run.mode)]
    }
}
