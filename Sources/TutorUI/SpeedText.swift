/// A pacing speed as the screen says it: "2x", "1/4x".
enum SpeedText {
    static func format(_ speed: Double) -> String {
        speed >= 1 ? "\(Int(speed))x" : "1/\(Int((1 / speed).rounded()))x"
    }
}
