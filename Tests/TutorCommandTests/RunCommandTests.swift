#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// `tutor run`: a student's own Python script, observed, as a student would run it.
@Suite struct RunCommandTests {
    /// A folder with one script, removed afterwards.
    final class Script {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-run-\(UUID())")
        var path: String { folder.appendingPathComponent("script.py").path }

        init(_ source: String) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try source.write(toFile: path, atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func theScriptsOutputThenItsTimelineAndTheExitStatusIsTheScripts() throws {
        let script = try Script("""
            import sys, threading, time
            def work():
                time.sleep(0.05)
            t = threading.Thread(target=work, name="helper")
            t.start(); t.join()
            print("hello from", sys.argv[1])
            sys.exit(3)
            """)
        let result = try Tutor.run(["run", "--plain", script.path, "the student"])
        #expect(result.status == 3, "the script's own status: \(result.errors)")
        #expect(result.output.first == "hello from the student", "its output first, as it happened")
        #expect(result.output.contains { $0.hasPrefix("helper (tid ") && $0.contains("|") && $0.contains("z") }, "\(result.output.joined(separator: "\n"))")
        #expect(result.output.contains { $0.hasPrefix("MainThread (tid ") })
        #expect(result.output.contains { $0.hasPrefix("Result: Python ") && $0.contains(" exited with status 3; cores used ") })
    }

    @Test(arguments: [
        (["run"], "tutor: run: name the Python script to run, e.g. tutor run pool.py"),
        (["run", "/nonexistent/script.py"], "tutor: run: no such script '/nonexistent/script.py'"),
        (["run", "--python", "/nonexistent/python9", "/dev/null"],
         "tutor: run: no Python at '/nonexistent/python9': name one that exists with --python PATH; tutor's own demos work without it"),
    ])
    func badInputIsOneLine(arguments: [String], message: String) throws {
        let result = try Tutor.run(arguments)
        #expect(result.status == 2)
        #expect(result.errors == [message])
    }

    /// SIGTERM to `tutor run` ends the script and every process it started.
    @Test func aSignalEndsTheScriptsWholeTree() throws {
        let script = try Script("""
            import time
            from multiprocessing import Pool
            def nap(x):
                time.sleep(60)
            if __name__ == "__main__":
                with Pool(2) as pool:
                    print("started", flush=True)
                    pool.map(nap, range(4))
            """)
        let process = try Tutor.start(["run", script.path])
        // Once the Pool is up (the script says so), its two workers are below the interpreter.
        #expect(eventually(within: 20) { process.outputSoFar.contains("started") })
        var tree: [Int32] = []
        #expect(eventually(within: 20) {
            tree = descendants(of: process.pid)
            return tree.count >= 3
        }, "\(tree)")
        kill(process.pid, SIGTERM)
        let result = process.finish()
        #expect(result.status == 143)
        #expect(eventually { !tree.contains(where: isAlive) }, "left running: \(tree.filter(isAlive))")
    }
}
