import TutorLessons

/// libFuzzer's entry: parses the input as a lesson file. A lesson or `file:line` problems are
/// both fine; a crash, a hang or a problem outside the file's lines is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLessons(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if case .failure(let errors) = LessonParser.parse(bytes, file: "fuzz.md") {
        let lines = bytes.reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
        for problem in errors.problems {
            precondition((1...lines).contains(problem.line), "problem outside the file: \(problem)")
        }
    }
    return 0
}
