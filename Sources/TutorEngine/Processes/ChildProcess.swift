#if canImport(Glibc)
import Glibc
#endif
import CTutorSystem

/// A process the engine started (a worker, or a program it observes): its pid, a pipe to its
/// stdin and one from its stdout and stderr (or tutor's own streams), and the means to stop
/// and reap it.
///
/// Spawned with `posix_spawnp` (never a bare `fork`, which is unsafe in a threaded process),
/// by default in a process group of its own so a Ctrl-C meant for tutor does not reach it,
/// with default signal handling and no other descriptor of tutor's open. It is reaped exactly once, under a lock, so a signal is
/// never sent to a pid that may have been reused.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    /// Whether it leads a process group of its own (the default), which `signalGroup` signals.
    let leadsGroup: Bool
    private let input: Int32
    private let output: Int32
    private let lock = PthreadMutex()
    private var termination: Termination?
    private var inputOpen: Bool
    /// Bytes read but not yet returned as a line; only the reading thread touches it.
    private var pending: [UInt8] = []

    /// How a child ended.
    enum Termination: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let number): "was killed by signal \(number) (\(Self.name(of: number)))"
            }
        }

        static func name(of signal: Int32) -> String {
            switch signal {
            case SIGKILL: "SIGKILL"
            case SIGTERM: "SIGTERM"
            case SIGSEGV: "SIGSEGV"
            case SIGABRT: "SIGABRT"
            case SIGILL: "SIGILL"
            case SIGTRAP: "SIGTRAP"
            case SIGINT: "SIGINT"
            case SIGBUS: "SIGBUS"
            default: "signal \(signal)"
            }
        }
    }

    /// What the child's standard streams are.
    enum Streams {
        /// A pipe to its stdin and one from its stdout and stderr (a worker's protocol).
        case pipes
        /// This process's own stdin, stdout and stderr (a student's program, headless).
        case inherited
    }

    private init(pid: pid_t, input: Int32, output: Int32, leadsGroup: Bool) {
        self.pid = pid
        self.leadsGroup = leadsGroup
        self.input = input
        self.output = output
        inputOpen = input >= 0
    }

    deinit {
        if output >= 0 { close(output) }
        if inputOpen { close(input) }
    }

    /// Starts `executable` with `arguments` and `environment` added to this process's own;
    /// `argumentZero` is the name it is shown under (default: `executable`).
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String],
                      argumentZero: String? = nil, streams: Streams = .pipes,
                      workingDirectory: String? = nil, ownGroup: Bool = true) throws -> ChildProcess {
        // A worker that dies must not take tutor with it when tutor next writes to its pipe.
        signal(SIGPIPE, SIG_IGN)
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        if streams == .pipes {
            guard tutor_pipe_cloexec(&toChild) == 0 else { throw EngineError.spawn(executable, errno) }
            guard tutor_pipe_cloexec(&fromChild) == 0 else {
                close(toChild[0]); close(toChild[1])
                throw EngineError.spawn(executable, errno)
            }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if streams == .pipes {
            posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], 2)
        }
        tutor_spawn_close_from(&actions, 3)
        if let workingDirectory { tutor_spawn_change_directory(&actions, workingDirectory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD] { sigaddset(&defaults, number) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (ownGroup ? POSIX_SPAWN_SETPGROUP : 0)))

        var merged: [String: String] = [:]
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                merged[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            index += 1
        }
        merged.merge(environment) { $1 }
        let argv = ([argumentZero ?? executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        for end in [toChild[0], fromChild[1]] where end >= 0 { close(end) }
        guard status == 0 else {
            for end in [toChild[1], fromChild[0]] where end >= 0 { close(end) }
            throw EngineError.spawn(executable, status)
        }
        return ChildProcess(pid: pid, input: toChild[1], output: fromChild[0], leadsGroup: ownGroup)
    }

    /// Writes one line to the child's stdin. Returns false if the child can no longer read.
    @discardableResult
    func send(_ line: String) -> Bool {
        lock.withLock {
            guard inputOpen else { return false }
            return FileDescriptorText.write(input, line + "\n")
        }
    }

    /// Closes the child's stdin: a worker reads end of file and exits.
    func closeInput() {
        lock.withLock {
            if inputOpen {
                close(input)
                inputOpen = false
            }
        }
    }

    /// What a read that may give up returns.
    enum Read: Equatable {
        case line(String)
        /// The child closed its output (it exited, or closed its standard output).
        case end
        /// Nothing came for the time allowed, or `giveUp` said to stop waiting.
        case quiet
    }

    /// The next line the child writes, waiting at most `seconds` for it, and asking `giveUp`
    /// every tenth of a second: a reader is never stuck on a child that stopped (SIGSTOP) or
    /// hangs, whether the run is cancelled or the child just went quiet.
    func readLine(within seconds: Double, giveUp: () -> Bool) -> Read {
        let due = MonotonicClock.now() + UInt64(max(0, seconds) * 1e9)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return .line(line)
            }
            guard output >= 0 else { return .end }
            let now = MonotonicClock.now()
            if now >= due || giveUp() { return .quiet }
            var waiting = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, Int32(min(100, (due - now) / 1_000_000 + 1)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                guard !pending.isEmpty else { return .end }
                defer { pending.removeAll() }
                return .line(String(decoding: pending, as: UTF8.self))
            }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    /// The next line the child wrote, blocking; nil once it closed its output (exited).
    func readLine() -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            guard output >= 0 else { return nil }
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            pending.append(contentsOf: chunk[..<count])
        }
    }

    /// Sends `number` to the child unless it has been reaped already.
    func sendSignal(_ number: Int32) {
        lock.withLock {
            if termination == nil { kill(pid, number) }
        }
    }

    /// Sends `number` to the child's whole process group (it leads one of its own) unless the
    /// child has been reaped, so a group id that may have been reused is never signalled.
    func signalGroup(_ number: Int32) {
        lock.withLock {
            if termination == nil { kill(leadsGroup ? -pid : pid, number) }
        }
    }

    /// Waits for the child to end and reaps it; asks politely first if `grace` is given:
    /// SIGTERM, then SIGKILL once `grace` seconds have passed.
    @discardableResult
    func reap(terminatingWithGrace grace: Double? = nil) -> Termination {
        if let grace {
            sendSignal(SIGTERM)
            let due = MonotonicClock.now() + UInt64(grace * 1e9)
            while MonotonicClock.now() < due {
                if let ended = lock.withLock({ tryReap(options: WNOHANG) }) { return ended }
                usleep(5_000)
            }
            sendSignal(SIGKILL)
        }
        return lock.withLock { tryReap(options: 0) } ?? .exited(-1)
    }

    /// Reaps the child if it has ended; nil, at once, if it is still running.
    func reapIfEnded() -> Termination? {
        lock.withLock { tryReap(options: WNOHANG) }
    }

    /// Reaps the child if it ends within `seconds`; nil if it is still running then.
    func reap(within seconds: Double) -> Termination? {
        let due = MonotonicClock.now() + UInt64(seconds * 1e9)
        repeat {
            if let ended = lock.withLock({ tryReap(options: WNOHANG) }) { return ended }
            usleep(5_000)
        } while MonotonicClock.now() < due
        return nil
    }

    /// Must be called with the lock held.
    private func tryReap(options: Int32) -> Termination? {
        if let termination { return termination }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, options) } while result < 0 && errno == EINTR
        guard result == pid else { return nil }
        let ended: Termination = (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        termination = ended
        return ended
    }

    var hasEnded: Bool { lock.withLock { termination != nil } }
}
