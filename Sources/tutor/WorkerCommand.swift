import ArgumentParser
import TutorAstro
import TutorEngine

/// `tutor worker`: the worker process of the pool demos; not for people (hidden from help).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run as a pool worker process, reading tasks on stdin.",
        shouldDisplay: false
    )

    @OptionGroup var search: SearchOptions

    func run() throws {
        let status = WorkerMain.run(settings: try search.settings())
        if status != 0 { throw ExitCode(status) }
    }
}
