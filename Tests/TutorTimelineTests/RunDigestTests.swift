import Testing
import TutorEngine
import TutorTimeline

/// The live view's incremental digests agree with computing everything afresh, frame by frame,
/// on a real run replayed as a reader saw it.
@Suite struct RunDigestTests {
    /// A finished run of the locks demo without the lock: four threads, with a lost update
    /// made for certain by scheduling the first steps (both threads read 0, both write 1),
    /// then the rest at full speed.
    func racyRun() throws -> Recording {
        let demo = try #require(DemoCatalog.demo("locks"))
        let parameters = try ParameterParser.parse(["--no-lock", "--threads", "4", "--increments", "3000"], specs: demo.parameters)
        let run = try DemoRun.start(demo, parameters: parameters, mode: .stepping)
        // Thread-1 and Thread-2 (main is worker 0) each read, then each write. Each step is
        // waited out before the next, so the second read comes before the first write whatever
        // the machine's load.
        for worker in [1, 2, 1, 2] {
            #expect(run.pacer.awaitCheckpoint(worker))
            #expect(run.pacer.step(worker))
            #expect(run.pacer.awaitCheckpoint(worker))
        }
        run.pacer.setMode(.fast)
        run.wait()
        return run.recorder.snapshot()
    }

    /// The latest write of a value already written, in time order (ties by worker), and how
    /// far the counter's latest value falls short of the writes made: found by sorting.
    func lostUpdatesBySorting(_ recording: Recording) -> (latest: String, lost: Int)? {
        guard let counter = recording.object(named: "counter") else { return nil }
        let writes = recording.tracks.enumerated().flatMap { index, track in
            track.counterEvents.filter { $0.object == counter }.map { (time: $0.time, worker: index, value: $0.value) }
        }.sorted { ($0.time, $0.worker) < ($1.time, $1.worker) }
        var firstWriter: [Int64: Int] = [:]
        var latest: String?
        for write in writes {
            if let earlier = firstWriter[write.value] {
                latest = "\(recording.tracks[write.worker].info.name) wrote counter = \(write.value), "
                    + "which \(recording.tracks[earlier].info.name) had already written"
            } else {
                firstWriter[write.value] = write.worker
            }
        }
        // The counter rose from its lowest value (main's `counter = 0`) to its last: each write
        // beyond that rise was an increment lost.
        let rise = Int((writes.last?.value ?? 0) - (writes.map(\.value).min() ?? 0)) + 1
        return latest.map { ($0, writes.count - rise) }
    }

    /// Time per state per column from `Track.slices(until:)`, summed plainly: a reference
    /// that shares no code with `StateCoverage`.
    func plainCoverage(_ track: Track, _ recording: Recording, bucket: Double, columns: Int) -> [[WorkerState: Double]] {
        var cover = Array(repeating: [WorkerState: Double](), count: columns)
        for slice in track.slices(until: recording.end) {
            for column in 0..<columns {
                let low = Double(column) * bucket, high = low + bucket
                let overlap = min(Double(slice.end - recording.origin), high) - max(Double(slice.start - recording.origin), low)
                if overlap > 0 { cover[column][slice.state, default: 0] += overlap }
            }
        }
        return cover
    }

    @Test func eachFrameMatchesAFreshComputation() throws {
        let recording = try racyRun()
        let columns = 150
        var digest = RunDigest(columns: columns, watching: "counter")
        var sawLostUpdate = false
        for step in 1...30 {
            let frame = recording.asOf(recording.origin + recording.duration * UInt64(step) / 30)
            digest.advance(to: frame)
            let live = digest.frame
            let bucket = StateCoverage.liveBucket(duration: frame.duration, columns: columns)
            for (index, track) in frame.tracks.enumerated() {
                var fresh = StateCoverage(origin: frame.origin, bucket: bucket, columns: columns, instantLimit: columns)
                fresh.consume(track.events)
                fresh = fresh.closed(at: frame.end)
                let coverage = live.coverages[index]
                #expect(coverage.bucket == bucket && coverage.ends == fresh.ends, "step \(step), worker \(index)")
                let plain = step % 10 == 0 ? plainCoverage(track, frame, bucket: bucket, columns: columns) : []
                for column in 0..<columns {
                    let (a, b) = (coverage.dominant(column), fresh.dominant(column))
                    #expect(a?.state == b?.state && abs((a?.total ?? 0) - (b?.total ?? 0)) < 1e-3, "step \(step), column \(column)")
                    #expect(abs(coverage.heldShare(column) - fresh.heldShare(column)) < 1e-9, "step \(step), column \(column) held")
                    if !plain.isEmpty {
                        let total = plain[column].values.reduce(0, +)
                        #expect(abs((a?.total ?? 0) - total) < 1e-3 * max(1, total), "step \(step), column \(column) against slices")
                        #expect(a.map { plain[column][$0.state] == plain[column].values.max() } ?? (total == 0))
                    }
                }
                let whole = TrackDigest(track, watching: frame.object(named: "counter"))
                #expect(live.digests[index].busyFraction(until: frame.end) == whole.busyFraction(until: frame.end))
                #expect(live.digests[index].stateBits == whole.stateBits && live.digests[index].writes.count == whole.writes.count)
            }
            let sorted = lostUpdatesBySorting(frame)
            #expect(live.lostUpdate == sorted.map { "LOST UPDATE: \($0.latest)" + ($0.lost > 1 ? " (\($0.lost) increments lost so far)" : "") },
                    "step \(step)")
            sawLostUpdate = sawLostUpdate || sorted != nil
        }
        #expect(sawLostUpdate, "the run lost an update, so the scan was exercised")
    }
}
