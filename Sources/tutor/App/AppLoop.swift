import TutorEngine
import TutorLessons
import TutorTerminal
import TutorUI

/// The app's main loop (Bubble Tea's shape): keys, resizes and engine snapshots become
/// messages to `update`; effects go to the runtime; the screen is redrawn only when the rendered
/// grid changed. It waits for a key without a timeout unless something is animating, so an idle
/// tutor uses no CPU.
struct AppLoop {
    /// Time between frames while a demo animates (20 frames a second).
    static let frameMilliseconds: Int32 = 50

    let terminal: Terminal
    let runtime: AppRuntime
    var state: AppState
    /// Crash after the first frame (`--crash-for-testing`), to test that a crash restores the
    /// terminal and still reports.
    let crashForTesting: Bool

    mutating func run() {
        var last = render(state)
        terminal.draw(last)
        if crashForTesting { fatalError("crashed on purpose (--crash-for-testing)") }
        var quit = false
        while !quit {
            if state.quitting { break }
            let event = terminal.nextEvent(waiting: state.isAnimating ? Self.frameMilliseconds : nil)
            switch event {
            case .key(let key): quit = handle(.key(key)) || quit
            case .resize(let width, let height): quit = handle(.resize(width: width, height: height)) || quit
            case .stopRequested: quit = handle(.key(.character("q"))) || quit
            case .timeout: break
            }
            // Polled after the key's effects, so a snapshot never predates a step just granted.
            if let snapshot = runtime.poll() { quit = handle(.run(snapshot)) || quit }
            for values in runtime.repeatResults() { quit = handle(.repeatResult(values)) || quit }
            let grid = render(state)
            if grid != last {
                terminal.draw(grid)
                last = grid
            }
        }
        runtime.shutDown()
    }

    /// Updates the state with one message and carries out its effects; returns whether to quit.
    private mutating func handle(_ message: Message) -> Bool {
        let effects = update(&state, message)
        let result = runtime.perform(effects, state: state)
        if let notice = result.notices.last { state.notice = notice }
        return result.quit
    }
}
