import CTutorSystem
import Foundation
import TutorEngine

/// What the terminal layer sends while a typical demo animates: the app itself, run on a
/// pseudo-terminal of 80×24 in the locks lesson with its paced, locked demo, and every byte it
/// writes counted for a couple of seconds. Curses sends only what changed, so this is the cost
/// of the live view on a slow link (ssh) or a slow terminal.
struct TerminalBytesBench {
    let seconds: Double

    enum Failure: Error, CustomStringConvertible {
        case noPseudoTerminal
        case spawn(Int32)

        var description: String {
            switch self {
            case .noPseudoTerminal: "no pseudo-terminal could be opened"
            case .spawn(let code): "the app could not be started on a pseudo-terminal (error \(code))"
            }
        }
    }

    /// Bytes per second the app wrote while its demo ran.
    func measure() throws -> Double {
        var path = [CChar](repeating: 0, count: 128)
        let terminal = tutor_open_pseudo_terminal(80, 24, &path, path.count)
        guard terminal >= 0 else { throw Failure.noPseudoTerminal }
        defer { close(terminal) }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-bench-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let terminalPath = String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let pid = try spawn(on: terminalPath, state: state)
        defer { end(pid, terminal) }

        _ = drain(terminal, for: 1.0)
        // The third demo (locked, paced), slowed down so it still animates after the window.
        for key in ["d", "d", "-", "-", "r"] {
            _ = key.withCString { write(terminal, $0, 1) }
            _ = drain(terminal, for: 0.1)
        }
        return Double(drain(terminal, for: seconds)) / seconds
    }

    /// Starts `tutor --lesson locks` with the pseudo-terminal as its terminal and a private
    /// progress folder.
    private func spawn(on terminalPath: String, state: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, terminalPath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = "C.UTF-8"
        environment["XDG_STATE_HOME"] = state
        environment.removeValue(forKey: "NO_COLOR")
        let arguments = ["tutor", "--lesson", "locks"]
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, WorkerExecutable.current, &actions, nil, argv, envp)
        guard status == 0 else { throw Failure.spawn(status) }
        return pid
    }

    /// Reads and counts what arrives for `seconds`.
    private func drain(_ fd: Int32, for seconds: Double) -> Int {
        let due = MonotonicClock.now() + UInt64(seconds * 1e9)
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while case let now = MonotonicClock.now(), now < due {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32((due - now) / 1_000_000) + 1) > 0 else { continue }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            total += count
        }
        return total
    }

    /// Quits the app (`q`), giving it a moment to stop its demo; ends it if it does not go.
    private func end(_ pid: pid_t, _ terminal: Int32) {
        _ = "q".withCString { write(terminal, $0, 1) }
        var status: Int32 = 0
        for _ in 0..<100 {
            _ = drain(terminal, for: 0.02)
            if waitpid(pid, &status, WNOHANG) == pid { return }
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}
