@preconcurrency import CNcursesw
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TutorUI

/// The signal the terminal was asked to stop by (one of `stopSignals`), 0 if none.
private let requestedStop = Atomic<Int32>(0)

/// The crash signals, and what handled each before the terminal did (Swift's backtracer,
/// usually): a crash restores the terminal, then hands the signal on so the report still prints.
private let crashSignals = [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE]
/// Signals whose default would end the app with the terminal left raw (or, for SIGQUIT, let
/// Swift's backtracer paint a crash report over the screen): each is a request to stop,
/// which the app honours by cancelling its run, restoring the terminal and exiting with
/// 128 + the signal. Ctrl-\ (SIGQUIT) quits like Ctrl-C.
public let stopSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM]
/// Raw memory, allocated once, so the handler touches no Swift array (no exclusivity checks).
nonisolated(unsafe) private let previousCrashActions: UnsafeMutablePointer<Glibc.sigaction> = {
    let actions = UnsafeMutablePointer<Glibc.sigaction>.allocate(capacity: 32)
    actions.initialize(repeating: Glibc.sigaction(), count: 32)
    return actions
}()

/// The terminal's whole life, and the only code that calls curses: start and stop, keys in,
/// the grid out. Only the main loop's thread may use it.
///
/// It restores the terminal on every way out: `stop()` on a normal quit; SIGINT, SIGTERM,
/// SIGHUP and the other `stopSignals` only set a flag that `nextEvent` reports, so the app can cancel its demo and stop
/// cleanly; a crash (SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE) restores the terminal,
/// then passes the signal to the handler before it (Swift's backtracer), so the crash report
/// prints on the restored screen. Ctrl-Z is left to curses' own SIGTSTP handling, which
/// restores the terminal before stopping and redraws after `fg`.
public final class Terminal {
    /// What the main loop learns from the terminal.
    public enum Event: Equatable {
        case key(Key)
        case resize(width: Int, height: Int)
        /// One of `stopSignals` arrived.
        case stopRequested(Int32)
        case timeout
    }

    private var screen: OpaquePointer?
    private var stopped = false
    private let palette: Palette

    /// Why the terminal cannot be used, or nil if it can: checked before curses starts, so a
    /// pipe or a dumb terminal never receives escape codes.
    public static func unusableReason() -> String? {
        guard isatty(1) == 1 else { return "standard output is not a terminal" }
        guard isatty(0) == 1 else { return "standard input is not a terminal" }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !term.isEmpty else { return "TERM is not set" }
        guard term != "dumb" else { return "TERM is 'dumb'" }
        guard tutor_terminal_usable() == 1 else { return "the terminal '\(term)' cannot move the cursor" }
        return nil
    }

    /// Starts curses. - Parameter color: false for the monochrome scheme (NO_COLOR, `--no-color`).
    public init(color: Bool) throws {
        guard let screen = newterm(nil, stdout, stdin) else { throw TerminalError.cannotStart }
        self.screen = screen
        set_term(screen)
        cbreak()
        noecho()
        nonl()
        keypad(stdscr, true)
        curs_set(0)
        set_escdelay(25)
        palette = Palette(color: color && has_colors())
        Self.installSignalHandlers()
    }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(stdscr)), Int(getmaxy(stdscr)))
    }

    /// Waits for the next key up to `milliseconds` (forever if nil).
    public func nextEvent(waiting milliseconds: Int32?) -> Event {
        let stop = requestedStop.load(ordering: .relaxed)
        if stop != 0 { return .stopRequested(stop) }
        timeout(milliseconds ?? -1)
        var character: wint_t = 0
        let result = wget_wch(stdscr, &character)
        let signal = requestedStop.load(ordering: .relaxed)
        if signal != 0 { return .stopRequested(signal) }
        switch result {
        case KEY_CODE_YES:
            if Int32(character) == KEY_RESIZE { return .resize(width: size.width, height: size.height) }
            return Self.functionKey(Int32(character)).map(Event.key) ?? .timeout
        case OK:
            return Self.characterKey(UInt32(character)).map(Event.key) ?? .timeout
        default:
            return .timeout
        }
    }

    private static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        default: nil
        }
    }

    private static func characterKey(_ value: UInt32) -> Key? {
        switch value {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(value), value >= 32 else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Copies the grid to the screen; curses sends only what changed since the last frame.
    public func draw(_ grid: Grid) {
        for y in 0..<grid.height {
            var x = 0
            while x < grid.width {
                let role = grid[x, y].role
                var run: [wchar_t] = []
                var end = x
                while end < grid.width, grid[end, y].role == role {
                    run.append(wchar_t(bitPattern: grid[end, y].scalar.value))
                    end += 1
                }
                palette.apply(role)
                run.append(0)
                mvaddnwstr(Int32(y), Int32(x), run, Int32(run.count - 1))
                x = end
            }
        }
        refresh()
    }

    /// Restores the terminal. Safe to call more than once.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }

    private static func installSignalHandlers() {
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = { signal in requestedStop.store(signal, ordering: .relaxed) }
        sigemptyset(&stop.sa_mask)
        stop.sa_flags = 0  // no SA_RESTART: the wait for a key returns, and the loop sees the flag
        for signal in stopSignals { sigaction(signal, &stop, nil) }

        var crash = sigaction()
        crash.__sigaction_handler.sa_sigaction = { signal, info, _ in
            endwin()
            // Put back whoever handled the signal before (the default if nobody did) and let
            // it see the signal again: a fault re-faults on return; an abort or a signal sent
            // by a process (si_code <= 0) must be raised anew.
            sigaction(signal, previousCrashActions + Int(signal), nil)
            if signal == SIGABRT || (info?.pointee.si_code ?? 0) <= 0 { raise(signal) }
        }
        sigemptyset(&crash.sa_mask)
        // On the alternate stack, so a stack overflow can still restore the terminal.
        crash.sa_flags = SA_SIGINFO | SA_ONSTACK
        ensureAlternateStack()
        for signal in crashSignals { sigaction(signal, &crash, previousCrashActions + Int(signal)) }
    }

    /// Gives this thread a signal stack unless it has one (Swift's runtime may have made it).
    private static func ensureAlternateStack() {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
        let size = 64 * 1024
        var stack = stack_t(ss_sp: UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16), ss_flags: 0, ss_size: size)
        sigaltstack(&stack, nil)
    }
}

public enum TerminalError: Error, CustomStringConvertible {
    case cannotStart

    public var description: String { "the terminal could not be started" }
}
