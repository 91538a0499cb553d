/// How a student's prediction fared against what a run measured: the one rule the progress
/// record and the verdict on screen share.
public struct Judgement: Sendable, Equatable {
    public var choice: Question.Choice
    /// Whether the run proved the chosen answer right.
    public var right: Bool
    /// The values the chosen answer's condition compares, as measured (nil: not reported).
    public var measured: [(name: String, value: Double?)]
    /// The choices the run proved right.
    public var provenRight: [String]

    public static func == (left: Judgement, right: Judgement) -> Bool {
        left.choice == right.choice && left.right == right.right && left.provenRight == right.provenRight
            && left.measured.map(\.name) == right.measured.map(\.name) && left.measured.map(\.value) == right.measured.map(\.value)
    }
}

extension Question {
    /// The judgement of choice `answer` (0-based) on `values`; nil if there is no such choice.
    public func judge(_ answer: Int, on values: [String: Double]) -> Judgement? {
        guard choices.indices.contains(answer) else { return nil }
        let choice = choices[answer]
        return Judgement(choice: choice, right: choice.condition.holds(for: values) == true,
                         measured: choice.condition.names.map { ($0, values[$0]) },
                         provenRight: choices.filter { $0.condition.holds(for: values) == true }.map(\.text))
    }

    /// Whether every answer given was proven right (a lesson's questions, answered in order).
    public static func allRight(_ questions: [Question], _ answers: [Int], on values: [String: Double]) -> Bool {
        zip(questions, answers).allSatisfy { question, answer in question.judge(answer, on: values)?.right == true }
    }
}
