/// Pairs one worker's hold events (tutor's pacer holding it at a step) into spans. The one
/// rule every reader of holds follows: a hold begins, the next end closes it, an end without a
/// beginning is ignored, and a hold still on at the end of a log is `open`.
public struct HoldPairing: Sendable {
    /// When the hold that is still on began.
    public private(set) var open: UInt64?

    public init() {}

    /// Takes in a `.hold` event; returns the span it closes, if it ends one.
    public mutating func take(_ event: Event) -> (start: UInt64, end: UInt64)? {
        if event.holdBegins == true {
            open = event.time
            return nil
        }
        guard let start = open else { return nil }
        open = nil
        return (start, event.time)
    }
}
