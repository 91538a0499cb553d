/// The highest few peaks of a periodogram, not only the highest point: a student checks
/// whether the second peak is an alias (1-day sampling, half the period) before quoting one.
extension Periodogram {
    /// Peaks closer than this many times 1/baseline to a higher one are its own shoulders and
    /// side lobes (the window of a curve of baseline T is ~1/T wide, its side lobes ~1.4/T and
    /// ~2.5/T off), not other periods: they are left out.
    public static let peakSeparation = 3.0

    /// Up to `count` peaks, highest exact power first, each at least `peakSeparation`/baseline
    /// from every higher one; the first is `best()`. Each is a local maximum of the exact power,
    /// found by climbing from a local maximum of the approximate one.
    public func peaks(_ count: Int) -> [Peak] {
        let prepared = Prepared(curve)
        let spectrum = approximateSpectrum(prepared, keepingPowers: count > 1)
        let highest = best(prepared, spectrum)
        guard count > 1 else { return [highest] }
        let powers = spectrum.powers
        let local = powers.indices.filter { index in
            (index == 0 || powers[index] >= powers[index - 1]) && (index == powers.count - 1 || powers[index] > powers[index + 1])
        }
        let baseline = (curve.times.max() ?? 0) - (curve.times.min() ?? 0)
        let separation = baseline > 0 ? Self.peakSeparation / baseline : 0
        var found = [highest]
        for start in local.sorted(by: { powers[$0] > powers[$1] }) {
            guard found.count < count else { break }
            // Approximate powers in descending order: a start near a peak already found belongs to it.
            guard !found.contains(where: { abs(grid.frequency(start) - $0.frequency) < separation }) else { continue }
            let peak = climb(from: start, prepared)
            if !found.contains(where: { abs(peak.frequency - $0.frequency) < separation }) { found.append(peak) }
        }
        return [highest] + found.dropFirst().sorted { $0.power > $1.power }
    }

    /// The exact local maximum reached from `index` by moving to a higher neighbour.
    private func climb(from index: Int, _ prepared: Prepared) -> Peak {
        func peak(_ index: Int) -> Peak {
            Peak(index: index, frequency: grid.frequency(index), power: prepared.power(at: grid.frequency(index)))
        }
        var current = peak(index)
        while true {
            let neighbours = [current.index - 1, current.index + 1].filter { (0..<grid.count).contains($0) }.map(peak)
            guard let higher = neighbours.max(by: { $0.power < $1.power }), higher.power > current.power else { return current }
            current = higher
        }
    }
}
