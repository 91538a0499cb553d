import TutorEngine
import TutorLook
import TutorTimeline

/// One timeline row as cells: each column shows the state that filled most of its time span,
/// a partly filled column at the end of a slice gets an eighth block of its share, and instants
/// (acquire, notify, result…) are marked on top when there are few enough to read.
enum Lanes {
    static let eighths: [Unicode.Scalar] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// The span the rows cover: the whole run once it is over, the live scale's width before.
    static func span(_ recording: Recording, columns: Int) -> UInt64 {
        recording.isFinished ? recording.duration
            : UInt64(StateCoverage.liveBucket(duration: recording.duration, columns: columns)) * UInt64(max(columns, 1))
    }

    /// The column a time falls in, at the scale the rows are drawn.
    static func column(of time: UInt64, _ recording: Recording, columns: Int) -> Int {
        let bucket = Double(max(span(recording, columns: columns), 1)) / Double(max(columns, 1))
        return min(max(columns - 1, 0), max(0, Int(Double(time &- recording.origin) / bucket)))
    }

    static func cells(_ coverage: StateCoverage, unicode: Bool) -> [Cell] {
        let columns = coverage.columns
        var cells = (0..<columns).map { column -> Cell in
            guard let (state, time, total) = coverage.dominant(column) else { return .blank }
            var glyph = Glyphs.state(state, unicode: unicode).unicodeScalars.first ?? " "
            // A slice that ends part-way through a column with nothing after it: show its share.
            if unicode, state.isBusy, coverage.ends[column], total < coverage.bucket * 0.94, total == time {
                glyph = eighths[max(0, min(7, Int((time / coverage.bucket) * 8)))]
            }
            // Mostly held by tutor's pacer: the state as recorded, dimmed.
            return Cell(glyph, coverage.heldShare(column) >= 0.5 ? .held : state.role)
        }
        for (column, kind) in coverage.instants { cells[column] = Cell(Glyphs.instant(kind).unicodeScalars.first ?? " ", .instant) }
        return cells
    }

    /// One row per CPU: which worker (by its row number) was on it in each column. On a core
    /// means running, or holding a lock while it works; not the time tutor's pacer held the
    /// worker at a step, nor a semaphore's holder, which in these demos sleeps inside.
    static func coreCells(cpu: Int32, _ recording: Recording, columns: Int) -> [Cell] {
        guard columns > 0 else { return [] }
        let span = Double(max(recording.duration, 1))
        let bucket = span / Double(columns)
        var cover = Array(repeating: [Int: (Double, WorkerState)](), count: columns)
        func add(_ row: Int, _ state: WorkerState, from start: UInt64, to end: UInt64) {
            let low = Double(start &- recording.origin), high = Double(end &- recording.origin)
            guard high > low else { return }
            var column = min(columns - 1, max(0, Int(low / bucket)))
            while column < columns {
                let left = Double(column) * bucket, right = left + bucket
                let overlap = min(high, right) - max(low, left)
                if overlap > 0 { cover[column][row] = ((cover[column][row]?.0 ?? 0) + overlap, state) }
                if high <= right { break }
                column += 1
            }
        }
        for (row, track) in recording.tracks.enumerated() {
            let holds = heldSpans(track, until: recording.end)
            track.forEachSlice(until: recording.end) { slice in
                guard slice.cpu == cpu, slice.state == .running || slice.state == .holdingLock else { return }
                var start = slice.start
                for hold in holds where hold.end > start && hold.start < slice.end {
                    add(row, slice.state, from: start, to: max(start, hold.start))
                    start = max(start, hold.end)
                }
                add(row, slice.state, from: start, to: slice.end)
            }
        }
        return cover.map { rows in
            guard let (row, value) = rows.max(by: { $0.value.0 < $1.value.0 }) else { return .blank }
            return Cell(RowKeys.symbol(row), value.1.role)
        }
    }

    /// When tutor's pacer held the worker, in time order (the last one open until `end`).
    static func heldSpans(_ track: Track, until end: UInt64) -> [(start: UInt64, end: UInt64)] {
        var pairing = HoldPairing(), spans: [(start: UInt64, end: UInt64)] = []
        for event in track.events.filter({ $0.kind == .hold }) {
            if let span = pairing.take(event) { spans.append(span) }
        }
        if let open = pairing.open, open < end { spans.append((open, end)) }
        return spans
    }
}
