/// Why a benchmark could not measure.
enum BenchError: Error, CustomStringConvertible {
    case missingDemo(String)
    case demoFailed(String)
    case missingLesson(String)

    var description: String {
        switch self {
        case .missingDemo(let id): "the demo '\(id)' is not in this build"
        case .demoFailed(let id): "the demo '\(id)' did not complete"
        case .missingLesson(let id): "the lesson '\(id)' with its demo is not in the lessons folder"
        }
    }
}
