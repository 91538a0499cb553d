import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Finding the program's processes and threads, and giving each thread its lane.
extension ObservedProgram {
    /// Lists the tree's processes and threads: new ones get a lane. (A vanished one is found
    /// done by its next sample, once the probe's last word on it has been read.)
    func discover(root: Int32) {
        discoveries += 1
        // Orphans became tutor's children when their parent ended: found by the program's
        // process group, now and then (listing all of /proc costs more than the tree).
        let orphans = discoveries % Self.orphanSearchEvery == 1 && group != getpgrp()
            ? ProcessTree.children(of: getpid(), inGroup: group).filter { $0 != root } : []
        for (pid, tids) in ProcessTree.tree(below: root) + orphans.flatMap({ ProcessTree.tree(below: $0) }) {
            see(pid)
            // The interpreter is mapped within milliseconds of the start; a program that is
            // not CPython is not searched for ever.
            if runtimes[pid] == nil, runtimeLookups[pid, default: 0] < Self.runtimeLookupLimit {
                runtimeLookups[pid, default: 0] += 1
                if let runtime = PythonRuntime.find(in: pid, cache: &definitions) { runtimes[pid] = runtime }
            }
            for tid in tids { watch(Key(pid: pid, tid: tid), root: root) }
        }
    }

    /// Gives a thread its lane, and keeps its /proc files open for sampling.
    func watch(_ key: Key, root: Int32) {
        if lanes[key] == nil {
            see(key.pid)
            addLane(key, root: root)
        }
        if threads[key] == nil, let thread = ProcThread(pid: key.pid, tid: key.tid) {
            threads[key] = thread
            firstSeen[key] = MonotonicClock.now()
        }
    }

    /// Remembers a process of the program (once: its identity is its first sight).
    func see(_ pid: Int32) {
        guard !seenProcesses.contains(where: { $0.pid == pid }), let identity = ProcessIdentity(pid: pid) else { return }
        seenProcesses.insert(identity)
    }

    func addLane(_ key: Key, root: Int32) {
        let isMain = key.pid == key.tid
        let name = names[key] ?? (isMain ? processNames[key.pid] : nil)
            ?? (isMain ? (key.pid == root ? "MainThread" : ProcessTree.name(of: key.pid) ?? "process") : "thread \(key.tid)")
        let (id, lane) = context.recorder.addWorker(name: name, kind: isMain && key.pid != root ? .process : .thread,
                                                    pid: key.pid, tid: key.tid)
        lanes[key] = Lane(id: id, lane: lane)
    }
}
