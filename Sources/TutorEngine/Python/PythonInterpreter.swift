/// The Python a student names (`python3`, a venv's `python`, `--python PATH`), resolved to the
/// interpreter itself. tutor runs that, so the lanes show the student's program and not the
/// launcher in front of it (pyenv's `python3` is a shell script that starts helper processes
/// before it execs the interpreter).
public enum PythonInterpreter {
    /// What is wrong with a Python that tutor cannot observe.
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case notFound(String)
        case notPython(String, String)

        public var description: String {
            switch self {
            case .notFound(let name) where name.contains("/"):
                "no Python at '\(name)': name one that exists with --python PATH; tutor's own demos work without it"
            case .notFound(let name):
                "no Python '\(name)' here: install python3 (apt-get install python3) or name one with --python PATH;"
                    + " tutor's own demos work without it"
            case .notPython(let name, let said):
                "'\(name)' did not answer as a Python interpreter (it said: \(said))"
            }
        }
    }

    private static let cache = Cache()

    private final class Cache: @unchecked Sendable {
        let lock = PthreadMutex()
        var resolved: [String: String] = [:]
    }

    /// The interpreter `name` runs (`sys.executable`), asked once and remembered.
    public static func resolve(_ name: String) throws(Problem) -> String {
        if let known = cache.lock.withLock({ cache.resolved[name] }) { return known }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(name, ["-c", "import sys; print(sys.executable)"], environment: [:])
        } catch {
            throw .notFound(name)
        }
        child.closeInput()
        let answer = child.readLine() ?? ""
        let ended = child.reap()
        guard ended == .exited(0), answer.hasPrefix("/") else { throw .notPython(name, answer.isEmpty ? "\(ended)" : answer) }
        cache.lock.withLock { cache.resolved[name] = answer }
        return answer
    }
}
