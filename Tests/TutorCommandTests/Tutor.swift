#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The built `tutor` executable, run as a child process with its output captured.
enum Tutor {
    struct Result {
        var status: Int32
        var output: [String]
        var errors: [String]
        var pid: Int32
    }

    /// A running `tutor`, its output collected as it arrives.
    final class Running: @unchecked Sendable {
        let process: Process
        private let lock = NSLock()
        private var stdout = Data()
        private var stderr = Data()
        private let closed = DispatchSemaphore(value: 0)

        init(_ process: Process, _ out: Pipe, _ err: Pipe) {
            self.process = process
            collect(out) { [self] data in stdout.append(data) }
            collect(err) { [self] data in stderr.append(data) }
        }

        /// Appends what arrives on `pipe` until end of file, then signals `closed`.
        private func collect(_ pipe: Pipe, _ append: @escaping @Sendable (Data) -> Void) {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async { [self] in
                while case let data = handle.availableData, !data.isEmpty {
                    lock.withLock { append(data) }
                }
                closed.signal()
            }
        }

        var pid: Int32 { process.processIdentifier }

        var outputSoFar: String { lock.withLock { String(decoding: stdout, as: UTF8.self) } }

        func finish() -> Result {
            process.waitUntilExit()
            closed.wait()
            closed.wait()
            let (out, err) = lock.withLock { (stdout, stderr) }
            return Result(status: process.terminationStatus, output: lines(out), errors: lines(err), pid: pid)
        }

        private func lines(_ data: Data) -> [String] {
            String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init).filter { !$0.isEmpty }
        }
    }

    /// The executable beside the test bundle, in the same build folder.
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("tutor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "tutor")
    }

    /// Starts tutor with `arguments`, its environment this process's with `changes` made
    /// (a nil value removes the variable).
    static func start(_ arguments: [String], environment changes: [String: String?] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (name, value) in changes { environment[name] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let running = Running(process, out, err)
        try process.run()
        return running
    }

    static func run(_ arguments: [String], environment changes: [String: String?] = [:]) throws -> Result {
        try start(arguments, environment: changes).finish()
    }
}

/// Polls `condition` until it holds or `seconds` pass.
func eventually(within seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let due = Date().addingTimeInterval(seconds)
    while Date() < due {
        if condition() { return true }
        usleep(5_000)
    }
    return condition()
}
