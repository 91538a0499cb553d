import Foundation
import TutorEngine
import TutorLessons

/// The app's one `update`: a message in, the state changed, effects out for the runtime.
/// A pure function, so it is tested without a terminal or an engine.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    var effects: [Effect] = []
    switch message {
    case .resize(let width, let height):
        state.width = width
        state.height = height
    case .stop(let signal):
        effects = CommandUpdate.quit(&state, signal: signal)
    case .run(let snapshot):
        effects = RunUpdate.apply(snapshot, to: &state)
    case .repeatResult(let values, let unreliable):
        RunUpdate.addRepeat(values, unreliable: unreliable, to: &state)
    case .exportStarted(let path):
        state.exporting = true
        state.notice = "writing the trace to \(path)…"
    case .traceExported(let path):
        state.exporting = false
        // The file's name first: where the line is cut at the screen's edge, it is the folder.
        let name = (path as NSString).lastPathComponent, folder = (path as NSString).deletingLastPathComponent
        state.notice = "trace written: \(name) in \(folder)"
    case .exportFailed(let reason):
        state.exporting = false
        state.notice = reason
    case .failed(let reason):
        state.notice = reason
    case .runFailed(let reason):
        state.notice = reason
        if state.run?.status == .running { state.run?.status = .failed(reason) }
        if var repeats = state.repeats, !repeats.isFinished {
            repeats.count = repeats.values.count
            state.repeats = repeats
        }
    case .watch(let spec, let stepped):
        effects = CommandUpdate.startProgram(spec, &state, answers: [], mode: stepped ? .stepping : .fast)
        // The screen shows the script as its Python block, where step mode marks each thread.
        if stepped, state.lesson?.pythonBlocks.count == 1 { state.run?.pythonBlock = 1 }
    case .key(let key):
        effects = KeyUpdate.handle(key, in: &state)
    }
    state.refreshDerived()
    return effects
}

/// A key becomes the command its binding gives where it was pressed (`KeyBindings`).
enum KeyUpdate {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        guard let command = KeyBindings.command(for: key, in: KeyBindings.contexts(state)) else { return [] }
        // Below the smallest size only quitting works: nothing else can be seen.
        if state.isTooSmall && command != .quit { return [] }
        return CommandUpdate.perform(command, &state)
    }
}
