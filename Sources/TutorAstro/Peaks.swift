/// The highest few peaks of a periodogram, not only the highest point: a student checks
/// whether the second peak is an alias (1-day sampling, half the period) before quoting one.
extension Periodogram {
    /// Up to `count` peaks, highest exact power first; the first is `best()`. Each is a local
    /// maximum of the exact power, found by climbing from a local maximum of the approximate one.
    public func peaks(_ count: Int) -> [Peak] {
        let prepared = Prepared(curve)
        let spectrum = approximateSpectrum(prepared)
        let highest = best(prepared, spectrum)
        guard count > 1 else { return [highest] }
        let powers = spectrum.powers
        let local = powers.indices.filter { index in
            (index == 0 || powers[index] >= powers[index - 1]) && (index == powers.count - 1 || powers[index] > powers[index + 1])
        }
        let starts = local.sorted { powers[$0] > powers[$1] }.prefix(4 * count)
        var found = [highest]
        for start in starts {
            let peak = climb(from: start, prepared)
            if !found.contains(where: { $0.index == peak.index }) { found.append(peak) }
        }
        return [highest] + found.dropFirst().sorted { $0.power > $1.power }.prefix(count - 1)
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
