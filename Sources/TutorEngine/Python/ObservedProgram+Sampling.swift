import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sampling every thread from /proc and recording what changed.
extension ObservedProgram {
    /// Samples every known thread once; returns how many were read. `readProbe` runs between
    /// reading /proc and judging what was read, so that what the probe wrote before a thread
    /// was sampled (its name, a lock it took) is known when the sample is classified.
    func sample(at time: UInt64, readProbe: () -> Void) -> Int {
        var verdicts: [Key: ThreadClassifier.Verdict] = [:]
        var cpus: [Key: Int32] = [:]
        var gained: [Key: UInt64] = [:]
        var samples: [Key: ThreadSample] = [:]
        var ended: [Key] = []
        for (key, thread) in threads {
            guard let sample = thread.sample() else {
                ended.append(key)
                continue
            }
            samples[key] = sample
        }
        readProbe()
        // Those that ended since the last sample are done after what the probe last said of
        // them, and their last state does not outlive them.
        for key in ended {
            threads[key] = nil
            record(key, ThreadClassifier.Verdict(state: .done, object: nil), at: time, cpu: -1)
        }
        for (key, sample) in samples {
            let verdict = ThreadClassifier.classify(sample, runtime: runtimes[key.pid], probe: probeStates[key])
            verdicts[key] = verdict
            cpus[key] = sample.cpu
            gained[key] = sample.cpuTime &- (cpuSeen[key] ?? sample.cpuTime)
            if let before = cpuSeen[key], sample.cpuTime > before { lastGain[key] = time }
            cpuSeen[key] = sample.cpuTime
            delaySeen[key] = sample.runDelay
            if verdict.state == .waitingGIL { lastGILWait[key] = time }
        }
        // Per process: which busy threads contend for its GIL (only where two or more do is
        // there anything to attribute).
        var busyContenders: [Int32: [Int32]] = [:]
        // A thread tutor holds before a line (stepped) is drawn as it was, but waits for the
        // student, not for the GIL or a CPU: it neither contends nor computes.
        let held = Set(verdicts.keys.filter { probeStates[$0]?.held == true })
        for (key, verdict) in verdicts where verdict.state.isBusy && !freeThreaded.contains(key.pid) && !held.contains(key) {
            // (Seen first during this very pass, a thread's first time may be after `time`.)
            let newborn = firstSeen[key].map { $0 >= time || time - $0 < Self.unnamedGrace } ?? false
            let python = runtimes[key.pid] != nil || probed.contains(key.pid)
            let contends = (python && (pythonThreads.contains(key) || newborn))
                || (lastGILWait[key].map { $0 >= time || time - $0 < Self.contenderMemory } ?? false)
            if contends { busyContenders[key.pid, default: []].append(key.tid) }
        }
        for (pid, tids) in busyContenders {
            guard tids.count > 1 else {
                holders[pid] = tids.first
                continue
            }
            var mine = Dictionary(uniqueKeysWithValues: tids.map { ($0, verdicts[Key(pid: pid, tid: $0)]!) })
            holders[pid] = ThreadClassifier.attributeGIL(&mine, contenders: Set(tids), previousHolder: holders[pid],
                                                         cpuGained: Dictionary(uniqueKeysWithValues: tids.map { ($0, gained[Key(pid: pid, tid: $0)] ?? 0) }))
            for (tid, verdict) in mine { verdicts[Key(pid: pid, tid: tid)] = verdict }
        }
        // Computing means busy and given CPU time lately: runnable alone may mean waiting for a
        // CPU on a loaded machine. (The kernel adds a running thread's CPU time at its clock
        // ticks, so one sample apart it may not have moved: "lately" is a few ticks.) And
        // never more at once than the CPUs the program may use.
        let computing = verdicts.filter { key, verdict in
            verdict.state.isBusy && !held.contains(key) && (lastGain[key].map { $0 >= time || time - $0 < Self.computingWindow } ?? false)
        }.count
        mostRunning = max(mostRunning, min(computing, usableCPUs))
        let wanting = verdicts.filter { key, verdict in verdict.state.isBusy && !held.contains(key) }.count
        mostWanting = max(mostWanting, min(wanting, usableCPUs))
        for (key, verdict) in verdicts { record(key, verdict, at: time, cpu: cpus[key] ?? -1) }
        return verdicts.count
    }

    /// Records `verdict` for the thread if it changed, and adds the time since its last change
    /// to the state it was in.
    func record(_ key: Key, _ verdict: ThreadClassifier.Verdict, at time: UInt64, cpu: Int32) {
        guard let lane = lanes[key] else { return }
        // A new event when the state changes, or when a busy thread moved to another CPU (the
        // per-core view draws each busy slice on the CPU its event names; a wait is one slice).
        if let previous = last[key], previous.verdict.state == .done
            || (previous.verdict == verdict && (cpu < 0 || cpu == previous.cpu || !verdict.state.isBusy)) { return }
        let at = ordered(key, time)
        if let previous = last[key] { stateTime[previous.verdict.state, default: 0] += at - previous.time }
        last[key] = (verdict, at, cpu >= 0 ? cpu : (last[key]?.cpu ?? -1))
        let object = verdict.object.map(context.recorder.object) ?? .none
        lane.lane.append(Event(time: at, kind: .state, code: verdict.state.rawValue, object: object,
                               value: verdict.timed ? 1 : 0, cpu: cpu))
        if verdict.state == .done {
            // A thread that ended waits for no step (a stepped one may end held, killed).
            gate?.ended(key, pacer: context.pacer)
            context.pacer.workerFinished(lane.id)
        }
    }

    /// `time`, or the lane's latest time if that is later: a probe record read after a sample
    /// may carry an earlier time, and a lane's times never go backwards.
    func ordered(_ key: Key, _ time: UInt64) -> UInt64 {
        let kept = max(time, latest[key] ?? 0)
        latest[key] = kept
        return kept
    }
}
