import ArgumentParser
import TutorEngine

/// `tutor list`: one line per demo, id and title.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the demos (and lessons) with their ids and titles."
    )

    func run() {
        let width = DemoCatalog.all.map(\.id.count).max() ?? 0
        for demo in DemoCatalog.all {
            print("demo    " + demo.id.padding(width) + "  " + demo.title)
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
