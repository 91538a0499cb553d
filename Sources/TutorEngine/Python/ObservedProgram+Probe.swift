import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the Python probe reports, merged into the lanes.
extension ObservedProgram {
    func apply(_ records: [ProbeRecord], root: Int32) {
        var spoken: [Key: UInt64] = [:]
        defer {
            // A thread that had already ended when its records were read (it took a lock and
            // finished within a sample) cannot be sampled: it is done after its last record.
            for (key, time) in spoken where threads[key] == nil && access("/proc/\(key.pid)/task/\(key.tid)", F_OK) != 0 {
                record(key, ThreadClassifier.Verdict(state: .done, object: nil), at: time, cpu: -1)
            }
        }
        for record in records {
            let key = Key(pid: record.pid, tid: record.tid)
            spoken[key] = record.time
            // The probe may speak of a thread before /proc is listed again: it exists, so it
            // gets its lane now and nothing it reported is lost.
            if lanes[key] == nil { watch(key, root: root) }
            if probed.insert(key.pid).inserted, runtimes[key.pid] == nil {
                // The probe runs once the interpreter is up, so it is mapped by now.
                if let runtime = PythonRuntime.find(in: key.pid, cache: &definitions) { runtimes[key.pid] = runtime }
            }
            switch record.what {
            case .thread(let name):
                pythonThreads.insert(key)
                rename(key, Self.friendly(name))
            case .process(let name):
                // A process the probe speaks from runs Python in the thread that speaks.
                pythonThreads.insert(key)
                guard name != "forked" else { continue }
                processNames[record.pid] = name
                rename(key, name)
            // Waits and holds change the thread's state at the probe's exact time; the samples
            // that follow keep it, or show it sleeping or waiting for the GIL meanwhile.
            case .wait(let kind, let object, let timed):
                probeStates[key, default: ProbeThreadState()].waiting = (kind, object, timed)
                self.record(key, ThreadClassifier.waiting(kind, object, timed: timed), at: record.time, cpu: -1)
            case .acquired(let kind, let object):
                probeStates[key, default: ProbeThreadState()].waiting = nil
                probeStates[key, default: ProbeThreadState()].holding.append((kind, object))
                mark(key, .acquire, object, at: record.time)
                self.record(key, ThreadClassifier.holding(kind, object), at: record.time, cpu: -1)
            case .gaveUp:
                probeStates[key, default: ProbeThreadState()].waiting = nil
                self.record(key, ThreadClassifier.Verdict(state: .running, object: nil), at: record.time, cpu: -1)
            case .released(let kind, let object):
                if let index = probeStates[key]?.holding.lastIndex(where: { $0.object == object }) {
                    probeStates[key]?.holding.remove(at: index)
                } else if kind == "semaphore", let holder = probeStates.first(where: { $0.value.holding.contains { $0.object == object } })?.key,
                          let index = probeStates[holder]?.holding.firstIndex(where: { $0.object == object }) {
                    // A semaphore may be released by another thread than the one that took
                    // it (a consumer freeing a producer's slot): the oldest permit goes.
                    probeStates[holder]?.holding.remove(at: index)
                }
                mark(key, .release, object, at: record.time)
                let still = probeStates[key]?.holding.last
                self.record(key, still.map { ThreadClassifier.holding($0.kind, $0.object) }
                    ?? ThreadClassifier.Verdict(state: .running, object: nil), at: record.time, cpu: -1)
            case .notify(let object):
                mark(key, .notify, object, at: record.time)
            case .woke(let object):
                probeStates[key]?.waiting = nil
                mark(key, .wake, object, at: record.time)
                self.record(key, ThreadClassifier.Verdict(state: .running, object: nil), at: record.time, cpu: -1)
            case .python(let version, let gil):
                pythonVersion = pythonVersion ?? version
                if !gil { freeThreaded.insert(record.pid) }
            case .print(let text):
                lastPrinted = text
                if output == .captured, let lane = lanes[key] { context.recorder.print(text, by: lane.id, at: record.time) }
            case .taskStart(let task):
                mark(key, .consume, task, at: record.time)
            case .taskEnd:
                mark(key, .result, "", at: record.time)
            case .line(let file, let line, let text, let locals):
                hold(key, HeldLine.label(file: file, line: line, text: text, script: scriptName), locals, at: record.time)
            case .read(let name, let value):
                mark(key, .read, name, value: value, at: record.time)
            case .write(let name, let value):
                // The write, and the shared value it leaves, as a native demo's worker records
                // them: the lost-update scan reads the values each thread wrote.
                mark(key, .write, name, value: value, at: record.time)
                count(key, name, value, at: record.time)
            }
        }
    }

    /// A stepped thread waits before a line: held by tutor (drawn as what it was doing, under
    /// tutor's hold) until the pacer lets it go, with its locals as counters named by the
    /// thread and the local ("Thread-1 value"), recorded as they change.
    private func hold(_ key: Key, _ label: String, _ locals: [ProbeRecord.Local], at time: UInt64) {
        guard let gate, let lane = lanes[key] else { return }
        let thread = names[key].map { $0.components(separatedBy: " (")[0] } ?? "thread \(key.tid)"
        for local in locals {
            let name = thread + " " + local.name
            guard seenValues[name] != local.value else { continue }
            seenValues[name] = local.value
            count(key, name, local.value, at: time)
        }
        probeStates[key, default: ProbeThreadState()].held = true
        lane.lane.append(Event(time: ordered(key, time), kind: .hold, code: 1, object: .none, value: 0, cpu: -1))
        gate.hold(key, lane: lane.id, label: label, pacer: context.pacer)
    }

    private func count(_ key: Key, _ name: String, _ value: Int64, at time: UInt64) {
        lanes[key]?.lane.append(Event(time: ordered(key, time), kind: .counter, code: 0, object: context.recorder.object(name),
                                      value: value, cpu: -1))
    }

    /// Lets go the held threads the pacer lets go now, and follows its mode.
    func stepLines(at time: UInt64) {
        guard let gate else { return }
        gate.follow(context.pacer)
        for key in gate.letGo(context.pacer) {
            probeStates[key]?.held = false
            lanes[key]?.lane.append(Event(time: ordered(key, time), kind: .hold, code: 0, object: .none, value: 0, cpu: -1))
        }
    }

    func rename(_ key: Key, _ name: String) {
        names[key] = name
        if let lane = lanes[key] { context.recorder.rename(lane.id, to: name) }
    }

    /// A Pool's helper threads by what they do (Python names them after their functions).
    static func friendly(_ name: String) -> String {
        for (function, role) in [("_handle_workers", "Pool: keeps workers"), ("_handle_tasks", "Pool: hands out tasks"),
                                 ("_handle_results", "Pool: collects results")] where name.contains(function) {
            return role
        }
        return name
    }

    func mark(_ key: Key, _ kind: InstantKind, _ object: String, value: Int64 = 0, at time: UInt64) {
        guard let lane = lanes[key] else { return }
        let id = object.isEmpty ? ObjectID.none : context.recorder.object(object)
        lane.lane.append(Event(time: ordered(key, time), kind: .instant, code: kind.rawValue, object: id, value: value, cpu: -1))
    }
}
