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
    /// Why the prediction is not judged (nil: it is): the run could not measure a value its
    /// condition compares cleanly, as on a busy machine. Neither right nor wrong then.
    public var notJudged: String? = nil

    public static func == (left: Judgement, right: Judgement) -> Bool {
        left.choice == right.choice && left.right == right.right && left.provenRight == right.provenRight
            && left.measured.map(\.name) == right.measured.map(\.name) && left.measured.map(\.value) == right.measured.map(\.value)
            && left.notJudged == right.notJudged
    }
}

extension Question {
    /// The judgement of choice `answer` (0-based) on `values`; nil if there is no such choice.
    /// A condition that compares one of the `unreliable` values is not judged, for `caution`.
    public func judge(_ answer: Int, on values: [String: Double], unreliable: Set<String> = [],
                      caution: String? = nil) -> Judgement? {
        guard choices.indices.contains(answer) else { return nil }
        let choice = choices[answer]
        let blind = choices.contains { !unreliable.isDisjoint(with: $0.condition.names) }
        return Judgement(choice: choice, right: !blind && choice.condition.holds(for: values) == true,
                         measured: choice.condition.names.map { ($0, values[$0]) },
                         provenRight: blind ? [] : choices.filter { $0.condition.holds(for: values) == true }.map(\.text),
                         notJudged: blind ? (caution ?? "the run could not measure it cleanly") : nil)
    }

    /// Whether every answer given was proven right (a lesson's questions, answered in order);
    /// nil when one of them could not be judged.
    public static func allRight(_ questions: [Question], _ answers: [Int], on values: [String: Double],
                                unreliable: Set<String> = []) -> Bool? {
        let judgements = zip(questions, answers).map { question, answer in question.judge(answer, on: values, unreliable: unreliable) }
        if judgements.contains(where: { $0?.notJudged != nil }) { return nil }
        return judgements.allSatisfy { $0?.right == true }
    }
}
