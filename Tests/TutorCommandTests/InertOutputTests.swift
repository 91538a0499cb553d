#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Text tutor did not write (a lesson's title, a file's name) reaches the terminal inert from
/// the headless commands too: an escape sequence is shown, never obeyed, and a line break in a
/// name cannot split a line.
@Suite struct InertOutputTests {
    static let escape = "\u{1B}"

    @Test func listPrintsATitleWithAnEscapeSequenceInert() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-inert-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // OSC 52 would put "rm -rf ~" into the clipboard; OSC 0 would rename the window.
        let title = "Clip\u{1B}]52;c;cm0gLXJmIH4=\u{07} and \u{1B}]0;owned\u{07}"
        try "---\nid: hostile\ntitle: \(title)\n---\n# Hostile\n\nText.\n".write(toFile: folder + "/01-hostile.md", atomically: true, encoding: .utf8)
        let result = try Tutor.run(["list", "--lessons", folder])
        #expect(result.status == 0)
        let line = try #require(result.output.first { $0.hasPrefix("lesson") })
        #expect(!line.contains(Self.escape) && !line.contains("\u{07}"), "\(line.debugDescription)")
        #expect(line.contains("\\u{1B}]52;c;"), "the sequence is shown: \(line)")
    }

    @Test func periodsPrintsAFileNameWithAnEscapeOrALineBreakInert() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-inert-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = ["clear\u{1B}[2Jscreen.lc", "two\nlines.lc"]
        for name in names {
            try FileManager.default.copyItem(atPath: ProcessCommandTests.samples + "/lightcurve_01.lc", toPath: folder + "/" + name)
        }
        for command in [["periods", folder, "--nfreq", "2000"], ["demo", "pool", "--fast", "--files", folder, "--nfreq", "2000"]] {
            let result = try Tutor.run(command)
            #expect(result.status == 0, "\(command): \(result.errors)")
            let text = result.output.joined(separator: "\n")
            #expect(!text.contains(Self.escape), "\(command): \(text.debugDescription)")
            #expect(result.output.contains { $0.contains("clear\\u{1B}[2Jscreen.lc") }, "\(command)")
            #expect(result.output.contains { $0.contains("two\\u{A}lines.lc") }, "a line break in a name stays in its line: \(command)")
        }
    }
}

/// What is the user's stays theirs.
@Suite struct UsersFilesTests {
    @Test func generateCurvesNeverReplacesAFileUnasked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-generate-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try Tutor.run(["generate-curves", folder, "--count", "3"])
        #expect(first.status == 0, "\(first.errors)")
        let mine = folder + "/lightcurve_02.lc"
        try "# my own observations\n1 2 0.1\n".write(toFile: mine, atomically: true, encoding: .utf8)
        let again = try Tutor.run(["generate-curves", folder, "--count", "3"])
        #expect(again.status == 2)
        #expect(again.errors.first?.contains("pass --force to replace them") == true, "\(again.errors)")
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "# my own observations\n1 2 0.1\n")
        let forced = try Tutor.run(["generate-curves", folder, "--count", "3", "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: mine, encoding: .utf8).hasPrefix("# tutor sample light curve 2"))
    }
}

/// A result that could not be written is a failure, never exit status 0.
@Suite struct WriteFailureTests {
    @Test(arguments: [["periods", ProcessCommandTests.samples + "/lightcurve_01.lc", "--json", "--nfreq", "2000"], ["list"],
                      ["periods", "--help"], ["demo", "--help"]])
    func aFullDiskFailsTheCommand(arguments: [String]) throws {
        let process = Process()
        process.executableURL = Tutor.executable
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(arguments): \(said)")
        #expect(said.contains("tutor: could not write the output: No space left on device"), "\(said)")
    }
}

/// `--trace` writes only where the user said, as they had it.
@Suite struct TraceTargetTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-trace-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: ["/dev/null", "FOLDER", "FOLDER/missing/run.json", "FOLDER/read-only.json"])
    func aTargetThatCannotTakeATraceIsRefusedBeforeTheRun(target: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "keep me".write(toFile: folder + "/read-only.json", atomically: true, encoding: .utf8)
        chmod(folder + "/read-only.json", 0o444)
        let path = target.replacingOccurrences(of: "FOLDER", with: folder)
        let result = try Tutor.run(["demo", "locks", "--fast", "--threads", "2", "--trace", path])
        #expect(result.status == 2, "\(path): \(result.errors)")
        #expect(result.errors.count == 1 && result.errors[0].hasPrefix("tutor: --trace: "), "\(result.errors)")
        #expect(result.output.isEmpty, "refused before the run: nothing ran")
        #expect(try String(contentsOfFile: folder + "/read-only.json", encoding: .utf8) == "keep me")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
    }

    @Test func anExistingFileIsRewrittenInPlaceKeepingItsModeLinksAndSymlink() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/run.json", link = folder + "/link.json", hard = folder + "/hard.json"
        try "old".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        #expect(Glibc.link(file, hard) == 0)
        let result = try Tutor.run(["demo", "locks", "--fast", "--threads", "2", "--trace", link])
        #expect(result.status == 0, "\(result.errors)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the mode is kept")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == file, "the link is still a link")
        #expect(try String(contentsOfFile: hard, encoding: .utf8).contains("traceEvents"), "the hard link sees the trace")
    }
}
