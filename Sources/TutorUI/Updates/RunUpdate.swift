import TutorEngine
import TutorLessons

/// Applying what the engine reports: the live run (its digest advanced with each snapshot),
/// the verdict on the student's answers once it ends, and the histogram's repeated runs.
enum RunUpdate {
    static func apply(_ snapshot: RunSnapshot, to state: inout AppState) -> [Effect] {
        guard var run = state.run else { return [] }
        let wasRunning = run.status == .running, lines = run.lines
        run.recording = snapshot.recording
        run.digest.advance(to: snapshot.recording)
        run.status = snapshot.status
        run.mode = snapshot.mode
        run.nextSteps = snapshot.nextSteps
        if run.pythonBlock != nil {
            for (worker, label) in snapshot.nextSteps { run.lines[worker] = HeldLine.line(of: label) }
        }
        run.cpuTime = snapshot.cpuTime
        if let worker = run.awaitingStep, snapshot.mode != .stepping || snapshot.nextSteps[worker] != nil
            || snapshot.recording.tracks[safe: worker]?.doneTime != nil {
            run.awaitingStep = nil
        }
        if run.selectedWorker.map({ snapshot.nextSteps[$0] == nil }) ?? true {
            run.selectedWorker = snapshot.nextSteps.keys.min()
        }
        state.run = run
        CodeMarks.follow(&state, previous: lines)
        guard wasRunning, case .completed(let outcome, _) = snapshot.status, let lesson = state.lesson else { return [] }
        state.progress.demosRun.insert(run.demo)
        // A prediction the run could not judge (a busy machine) leaves the record as it was.
        if !run.answers.isEmpty,
           let right = Question.allRight(lesson.questions, run.answers, on: outcome.values, unreliable: outcome.unreliable) {
            state.progress.answered[lesson.id] = right
        }
        return [.saveProgress(state.progress)]
    }

    static func addRepeat(_ values: [String: Double], unreliable: Set<String>, to state: inout AppState) {
        guard var repeats = state.repeats else { return }
        guard let value = values[repeats.measure] else {
            repeats.unmeasured += 1
            state.repeats = repeats
            return
        }
        repeats.values.append(value)
        if unreliable.contains(repeats.measure) { repeats.busyRuns += 1 }
        repeats.expected = repeats.expectedMeasure.flatMap { values[$0] } ?? repeats.expected
        state.repeats = repeats
    }
}
