import ArgumentParser
import TutorEngine
import TutorLessons
import TutorSafeText

/// `tutor list`: one line per demo and per lesson, with its id and title; invalid lesson files
/// are listed with their first problem. A title is a teacher's text, printed inert: an escape
/// sequence in it is shown, never sent to the terminal.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the demos and lessons with their ids and titles."
    )

    @Option(help: "The lessons folder (default: $TUTOR_LESSONS, ./Lessons, the package's Lessons).")
    var lessons: String?

    /// `tutor --lessons DIR list` names the folder on the app's options instead.
    @ParentCommand var tutor: Tutor

    func run() throws {
        let library = try LessonFolder.load(lessons ?? tutor.app.lessons)
        let ids = DemoCatalog.all.map(\.id) + library.lessons.map(\.id)
        let width = ids.map(\.count).max() ?? 0
        for demo in DemoCatalog.all {
            FileHandleOutput.standardOutput("demo    " + demo.id.padding(width) + "  " + demo.title)
        }
        for lesson in library.lessons {
            FileHandleOutput.standardOutput("lesson  " + lesson.id.padding(width) + "  " + TextLines.printable(lesson.title))
        }
        for (_, problem) in library.invalidFiles {
            FileHandleOutput.standardOutput("invalid " + problem.description)
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
