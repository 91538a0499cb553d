/// The median of repeated measurements: what a figure quotes when runs vary, as the GIL demo's
/// rounds and `tutor bench`'s repetitions do (one slow run moves it less than a mean).
public enum Median {
    /// The middle value, or the mean of the two middle ones; 0 for no values.
    public static func of(_ values: [Double]) -> Double {
        let sorted = values.sorted(), middle = sorted.count / 2
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
