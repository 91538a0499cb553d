import TutorEngine
import TutorLessons
import TutorRuntime
import TutorTerminal
import TutorUI

/// The app's main loop (Bubble Tea's shape): keys, resizes, signals and what the runtime
/// reports all become messages to `update`; its effects go to the runtime, whose results come
/// back as messages in turn; the screen is redrawn only when the rendered grid changed. It
/// waits for a key without a timeout unless something is animating, so an idle tutor uses no
/// CPU. The loop ends when the state says it is quitting.
struct AppLoop {
    /// Time between frames while a demo animates (20 frames a second).
    static let frameMilliseconds: Int32 = 50

    let terminal: Terminal
    let runtime: AppRuntime
    var state: AppState
    /// Crash after the first frame (`--crash-for-testing`), to test that a crash restores the
    /// terminal and still reports.
    let crashForTesting: Bool
    /// What to do before the first key (`tutor watch`: start the program).
    var opening: [Message] = []

    /// Runs until the student quits or a signal stops the app; returns the final state.
    mutating func run() -> AppState {
        opening.forEach { handle($0) }
        var last = render(state)
        terminal.draw(last)
        if crashForTesting { fatalError("crashed on purpose (--crash-for-testing)") }
        while !state.quitting {
            switch terminal.nextEvent(waiting: state.isAnimating ? Self.frameMilliseconds : nil) {
            case .key(let key): handle(.key(key))
            case .resize(let width, let height): handle(.resize(width: width, height: height))
            case .stopRequested(let signal): handle(.stop(signal: signal))
            case .timeout: break
            }
            // Polled after the key's effects, so a snapshot never predates a step just granted.
            if !state.quitting { runtime.poll().forEach { handle($0) } }
            let grid = render(state)
            if grid != last {
                terminal.draw(grid)
                last = grid
            }
        }
        // Still exporting at the end means a signal, or `q` pressed twice to stop the write.
        runtime.shutDown(stopping: state.stopSignal != nil || state.exporting)
        return state
    }

    /// Updates the state with `message`, carries out its effects, and does the same with every
    /// message those effects report, until none is left.
    private mutating func handle(_ message: Message) {
        var pending = [message]
        while !pending.isEmpty {
            let effects = update(&state, pending.removeFirst())
            pending += runtime.perform(effects)
        }
    }
}
