import Foundation

/// Durations as people read them: "850 µs", "12.3 ms", "2.05 s" ("us" in plain ASCII).
public enum TimeText {
    public static func format(_ nanoseconds: UInt64, unicode: Bool = true) -> String {
        let value = Double(nanoseconds)
        switch value {
        case ..<1_000: return "\(nanoseconds) ns"
        case ..<1_000_000: return String(format: "%.0f ", value / 1e3) + (unicode ? "µs" : "us")
        case ..<1_000_000_000: return String(format: "%.1f ms", value / 1e6)
        default: return String(format: "%.2f s", value / 1e9)
        }
    }
}
