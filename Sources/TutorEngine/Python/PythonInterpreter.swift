#if canImport(Glibc)
import Glibc
#endif

/// The Python a student names (`python3`, a venv's `python`, `--python PATH`), resolved to the
/// interpreter itself. tutor runs that, so the lanes show the student's program and not the
/// launcher in front of it (pyenv's `python3` is a shell script that starts helper processes
/// before it execs the interpreter).
public enum PythonInterpreter {
    /// What is wrong with a Python that tutor cannot observe.
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case notFound(String)
        case notPython(String, String)
        /// The system would not start it (a limit on processes or open files): it may be there.
        case cannotStart(String, String)

        public var description: String {
            switch self {
            case .notFound(let name) where name.contains("/"):
                "no Python at '\(name)': name one that exists with --python PATH; tutor's own demos work without it"
            case .cannotStart(let name, let reason):
                "could not start '\(name)' to ask which Python it is: \(reason)"
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
        } catch let EngineError.spawn(_, code) where code != ENOENT && code != EACCES && code != ENOEXEC {
            // Not "not found": the system refused a process or a pipe (`ulimit -u`, `-n`).
            throw .cannotStart(name, String(cString: strerror(code)) + (code == EAGAIN ? " (ulimit -u)" : code == EMFILE ? " (ulimit -n)" : ""))
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
