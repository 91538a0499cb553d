/// Who holds which lock and who waits for which, from a recording's own events, and whether
/// the waits close a cycle: a deadlock, where every thread in the cycle waits for a lock that
/// the next one holds, so none can ever go on.
///
/// Holds come from the `acquire` and `release` instants a thread records (a thread that holds a
/// lock while it waits for another shows the wait as its state, not the hold); waits from its
/// `waiting-lock` state. The same events come from the native engine's primitives and from the
/// probe in an observed CPython program, so one analysis serves both. A wait with a timeout
/// (`acquire(timeout=…)`, recorded with value 1) ends by itself, so it closes no cycle.
public struct WaitForGraph: Sendable {
    /// The objects each track holds, oldest first (a lock taken twice, as an RLock, twice).
    private var held: [Int: [ObjectID]] = [:]
    /// The lock each waiting track waits for, and since when.
    private var waiting: [Int: (object: ObjectID, since: UInt64)] = [:]

    public init() {}

    /// Takes in one event of track `track`; events of one track must come in time order.
    public mutating func apply(_ event: Event, track: Int) {
        switch event.kind {
        case .instant:
            if event.instant == .acquire, event.object != .none {
                held[track, default: []].append(event.object)
            } else if event.instant == .release, let index = held[track]?.lastIndex(of: event.object) {
                held[track]?.remove(at: index)
            }
        case .state:
            if event.state == .waitingLock, event.object != .none, event.value == 0 {
                waiting[track] = (event.object, event.time)
            } else {
                waiting[track] = nil
                if event.state == .done { held[track] = nil }
            }
        case .counter, .hold:
            break
        }
    }

    /// The cycle of waits, if there is one, starting from its lowest track.
    public func cycle() -> [Deadlock.Link]? {
        for start in waiting.keys.sorted() {
            var path: [Deadlock.Link] = []
            var track = start
            while let wait = waiting[track], let holder = holder(of: wait.object, besides: track) {
                path.append(Deadlock.Link(track: track, holds: .none, waitsFor: wait.object))
                if holder == start {
                    guard path.map(\.track).min() == start else { break }
                    // Each holds what the one before it in the cycle waits for.
                    for index in path.indices { path[index].holds = path[(index + path.count - 1) % path.count].waitsFor }
                    return path
                }
                guard !path.contains(where: { $0.track == holder }), path.count <= waiting.count else { break }
                track = holder
            }
        }
        return nil
    }

    /// When the last wait of the cycle began: the moment the deadlock closed.
    public func closingTime(of cycle: [Deadlock.Link]) -> UInt64 {
        cycle.compactMap { waiting[$0.track]?.since }.max() ?? 0
    }

    /// Whether `track` waits for a lock that another track holds.
    public func isBlocked(track: Int) -> Bool {
        guard let wait = waiting[track] else { return false }
        return holder(of: wait.object, besides: track) != nil
    }

    private func holder(of object: ObjectID, besides track: Int) -> Int? {
        held.keys.sorted().first { $0 != track && held[$0]?.contains(object) == true }
    }

    /// The graph as of the end of `recording`.
    public static func current(_ recording: Recording) -> WaitForGraph {
        var graph = WaitForGraph()
        for (index, track) in recording.tracks.enumerated() {
            for event in track.events { graph.apply(event, track: index) }
        }
        return graph
    }

    /// The first deadlock in `recording`, at the moment it closed, if any; it may have been
    /// broken since (tutor breaks a demo's deadlock by cancelling its threads).
    public static func firstDeadlock(in recording: Recording) -> Deadlock? {
        var merged: [(event: Event, track: Int)] = []
        for (index, track) in recording.tracks.enumerated() {
            for event in track.events where event.kind == .instant || event.kind == .state { merged.append((event, index)) }
        }
        merged.sort { $0.event.time < $1.event.time }
        var graph = WaitForGraph()
        for (event, track) in merged {
            graph.apply(event, track: track)
            if event.state == .waitingLock, let cycle = graph.cycle() {
                return Deadlock(links: cycle, time: graph.closingTime(of: cycle))
            }
        }
        return nil
    }
}

/// A cycle of threads each holding a lock the previous one waits for.
public struct Deadlock: Sendable, Equatable {
    public struct Link: Sendable, Equatable {
        public var track: Int
        public var holds: ObjectID
        public var waitsFor: ObjectID
    }

    public var links: [Link]
    /// When the cycle closed (the last of its waits began).
    public var time: UInt64

    public var tracks: [Int] { links.map(\.track) }

    /// "deadlock: Thread-1 holds lock_a and waits for lock_b; Thread-2 holds lock_b and waits for lock_a".
    public func description(in recording: Recording) -> String {
        "deadlock: " + links.map { link in
            let name = recording.tracks.indices.contains(link.track) ? recording.tracks[link.track].info.name : "thread \(link.track)"
            let holds = recording.name(of: link.holds) ?? "a lock"
            let waits = recording.name(of: link.waitsFor) ?? "a lock"
            return "\(name) holds \(holds) and waits for \(waits)"
        }.joined(separator: "; ")
    }
}
