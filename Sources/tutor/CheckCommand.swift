import ArgumentParser
import Foundation
import TutorEngine
import TutorLessons

/// `tutor check [DIR]`: validates every lesson file and prints each problem as `file:line: message`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the lesson files: header fields, demos and their parameters, questions, code fences.",
        discussion: "Exit status 1 if any lesson has a problem."
    )

    @Argument(help: "The lessons folder (default: as the app finds it: $TUTOR_LESSONS, ./Lessons, the package's Lessons).")
    var folder: String?

    func run() throws {
        let library = try LessonFolder.load(folder)
        for problem in library.problems { FileHandleOutput.standardOutput(problem.description) }
        if !library.problems.isEmpty {
            FileHandleOutput.standardError("tutor: \(library.problems.count) problem(s) in \(library.folder)")
            throw ExitCode.failure
        }
        FileHandleOutput.standardOutput("\(library.lessons.count) lessons in \(library.folder): no problems")
    }
}

/// Finding and loading the lessons folder for the commands.
enum LessonFolder {
    static func load(_ explicit: String?) throws -> LessonLibrary {
        if let explicit, LessonsLocation.find(explicit: explicit) != explicit {
            throw UsageError("'\(explicit)' is not a folder")
        }
        // A folder named in the environment is as deliberate as one on the command line:
        // falling back to another folder would show the student lessons they did not ask for.
        let variable = LessonsLocation.environmentVariable
        if explicit == nil, let named = ProcessInfo.processInfo.environment[variable], !named.isEmpty,
           LessonsLocation.find(explicit: named) != named {
            throw UsageError("$\(variable) is '\(named)', which is not a folder: set it to a lessons folder, or unset it")
        }
        guard let folder = LessonsLocation.find(explicit: explicit) else {
            throw UsageError("no lessons folder found: name one, or set $\(LessonsLocation.environmentVariable)")
        }
        return LessonLibrary.load(folder)
    }
}
