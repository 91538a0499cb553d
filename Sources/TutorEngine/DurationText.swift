import Foundation

/// Durations as people read them, the one rule for every figure tutor prints: "8.5 ns",
/// "850 ns", "12.3 µs", "4.5 ms", "2.05 s" ("us" in plain ASCII).
public enum DurationText {
    public static func format(seconds: Double, unicode: Bool = true) -> String {
        switch seconds {
        case ..<1e-7: String(format: "%.1f ns", seconds * 1e9)
        case ..<1e-6: String(format: "%.0f ns", seconds * 1e9)
        case ..<1e-3: String(format: "%.1f ", seconds * 1e6) + (unicode ? "µs" : "us")
        case ..<1: String(format: "%.1f ms", seconds * 1e3)
        default: String(format: "%.2f s", seconds)
        }
    }

    public static func format(_ nanoseconds: UInt64, unicode: Bool = true) -> String {
        format(seconds: Double(nanoseconds) / 1e9, unicode: unicode)
    }

    /// Always in seconds, two decimals ("0.53 s"): for a clock that ticks on screen, whose
    /// unit must not jump as it grows.
    public static func seconds(_ nanoseconds: UInt64) -> String {
        String(format: "%.2f s", Double(nanoseconds) / 1e9)
    }
}
