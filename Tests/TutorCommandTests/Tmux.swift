#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The real app in tmux, on a private server socket so a user's own tmux is never touched:
/// start it at a fixed size, type keys, read the screen, resize, and ask how it ended.
final class Tmux {
    let socket = "tutor-test-\(UUID().uuidString.prefix(8))"
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-state-\(UUID().uuidString)").path
    /// Where the shell around the command writes the command's exit status.
    private var statusFile: String { state + ".status" }
    /// The app's TMPDIR, so a test can see every temporary file it leaves behind.
    var temporary: String { state + ".tmp" }

    /// Why the app cannot be driven here: tmux missing, said as what to install.
    struct Missing: Error, CustomStringConvertible {
        var description = "tmux is not installed, and the tests that drive the app need it: apt-get install tmux"
    }

    /// Whether tmux can be run at all (asked once).
    static let installed: Bool = system("tmux -V >/dev/null 2>&1") == 0

    /// Starts `command` (a shell command line) in a window of `width` × `height`.
    init(_ command: String, width: Int = 80, height: Int = 24) throws {
        guard Self.installed else { throw Missing() }
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
        try FileManager.default.createDirectory(atPath: state + ".tmp", withIntermediateDirectories: true)
        let environment = "TUTOR_LESSONS='\(lessons)' XDG_STATE_HOME='\(state)' TMPDIR='\(state).tmp' LANG=C.UTF-8"
        // The server this starts keeps whatever output it was given open: give it none.
        // The shell around the command records its exit status: tmux does not always report it.
        let line = "env \(environment) \(command); echo $? > '\(statusFile)'"
        try run(["new-session", "-d", "-s", "T", "-x", "\(width)", "-y", "\(height)", line], capture: false)
        try run(["set-option", "-t", "T", "remain-on-exit", "on"])
    }

    deinit {
        _ = try? run(["kill-server"], capture: false)
        // tmux leaves its socket file behind when its server is killed: remove ours, by name.
        let sockets = (ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp") + "/tmux-\(getuid())"
        try? FileManager.default.removeItem(atPath: sockets + "/" + socket)
        try? FileManager.default.removeItem(atPath: state)
        try? FileManager.default.removeItem(atPath: statusFile)
        try? FileManager.default.removeItem(atPath: temporary)
    }

    /// Files the app left: anything in its TMPDIR, and anything in its state folder but the
    /// progress file itself (an interrupted atomic write would leave its temporary copy).
    var leftovers: [String] {
        let manager = FileManager.default
        let temporaries = (try? manager.contentsOfDirectory(atPath: temporary)) ?? []
        let saved = (try? manager.contentsOfDirectory(atPath: state + "/tutor")) ?? []
        return temporaries.map { "TMPDIR/" + $0 } + saved.filter { $0 != "progress.json" }.map { "state/" + $0 }
    }

    /// The `tutor` executable under test, quoted for the shell.
    static var tutor: String { "'\(Tutor.executable.path)'" }

    /// Runs tmux through the shell with `popen`, which waits for the client's exit with
    /// `pclose` (Foundation's `Process` was seen to miss the exit of a client whose server
    /// daemonised). Output is read only when `capture` is set; otherwise it goes to /dev/null,
    /// so a server started here holds no pipe of ours open.
    @discardableResult
    func run(_ arguments: [String], capture: Bool = true) throws -> String {
        let quoted = (["tmux", "-L", socket] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = quoted.joined(separator: " ") + (capture ? " 2>/dev/null" : " >/dev/null 2>&1")
        guard let stream = popen(command, "r") else { throw TmuxError.cannotRun }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, stream)
            if count <= 0 { break }
            output.append(contentsOf: buffer[..<count])
        }
        pclose(stream)
        return String(decoding: output, as: UTF8.self)
    }

    enum TmuxError: Error { case cannotRun }

    func keys(_ keys: String...) {
        self.keys(keys)
    }

    /// Sends `keys` (tmux key names) in one go.
    func keys(_ keys: [String]) {
        _ = try? run(["send-keys", "-t", "T"] + keys)
    }

    /// Types `text` literally, then Enter.
    func type(_ text: String) {
        _ = try? run(["send-keys", "-t", "T", "-l", text])
        keys("Enter")
    }

    var screen: String { (try? run(["capture-pane", "-t", "T", "-p"])) ?? "" }

    /// Waits until the screen contains `text`, also where the app wrapped it over two lines.
    @discardableResult
    func waitFor(_ text: String, within seconds: Double = 10) -> Bool {
        eventually(within: seconds) {
            let shown = screen
            return shown.contains(text) || shown.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains(text)
        }
    }

    func resize(_ width: Int, _ height: Int) {
        _ = try? run(["resize-window", "-t", "T", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Whether the pane's shell has ended, tmux's idea of its exit status (-1 when unknown),
    /// whether the terminal is on the alternate screen, and the pid of the pane's shell.
    var pane: (dead: Bool, status: Int, alternate: Bool, pid: Int32) {
        let fields = ((try? run(["display", "-p", "-t", "T", "#{pane_dead}|#{pane_dead_status}|#{alternate_on}|#{pane_pid}"])) ?? "")
            .split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 4 else { return (false, -1, false, 0) }
        return (fields[0] == "1", Int(fields[1]) ?? -1, fields[2] == "1", Int32(fields[3]) ?? 0)
    }

    /// The command's exit status once it has ended.
    var exitStatus: Int? {
        (try? String(contentsOfFile: statusFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Waits until the command has exited with status 0 and the terminal left the alternate screen.
    func endsCleanly(within seconds: Double = 10) -> Bool {
        eventually(within: seconds) { exitStatus == 0 && pane.dead && !pane.alternate }
    }

    /// The pid of the app itself: the process named `tutor` below the pane's shell (under a
    /// `bash` started in the pane, it is a grandchild); 0 while there is none. The search
    /// starts at this test's own pane and nowhere else: when tmux cannot say the pane's pid,
    /// there is nothing to search, so a test never finds (or signals) someone else's tutor.
    var appPid: Int32 {
        let shell = pane.pid
        guard shell > 1 else { return 0 }
        var queue = [shell]
        while !queue.isEmpty {
            let pid = queue.removeFirst()
            let name = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if name == "tutor" { return pid }
            queue += children(of: pid)
        }
        return 0
    }
}
