#if canImport(Glibc)
import Glibc
#endif
import CTutorSystem
import TutorAstro
import TutorWorkloads

/// The life of a worker process (`tutor worker`): read tasks from stdin, do each for real,
/// and report the timeline of its own states and the results on stdout, one line each.
///
/// It waits `idle` for a task and is `running` (or `sleeping`) on one. It exits on `quit`, on end
/// of input, and when its parent dies (`PR_SET_PDEATHSIG`, checked against the parent pid passed
/// in `TUTOR_PARENT_PID` in case the parent died before the request took effect).
public enum WorkerMain {
    /// The environment variable through which the pool tells a worker its parent's pid.
    public static let parentVariable = "TUTOR_PARENT_PID"

    /// Runs the worker loop; returns the process exit status.
    public static func run(settings: SearchSettings) -> Int32 {
        tutor_die_with_parent(SIGKILL)
        keepFreedMemory()
        // Started as /proc/self/exe, the process would be called "exe"; call it what it is.
        tutor_set_process_name("tutor-worker")
        if let expected = getenv(parentVariable).flatMap({ Int32(String(cString: $0)) }), getppid() != expected {
            return 3
        }
        // Every event goes out before the message the parent waits for: the parent records
        // (holds) into this worker's lane once that message arrives, and a lane's times must
        // not go backwards.
        record(.idle)
        send(.hello(pid: getpid(), tid: MonotonicClock.currentThreadID()))
        while let line = Swift.readLine(strippingNewline: true) {
            guard let task = WorkerTask(line: line[...]) else {
                FileDescriptorText.write(2, "tutor worker: not a task: \(line.prefix(80))\n")
                continue
            }
            switch task {
            case .file(let index, let path):
                period(of: path, task: index, settings: settings)
            case .sleep(let index, let seconds):
                let cpu = MonotonicClock.currentThreadCPUTime()
                announced(index, state: .sleeping) { sleep(seconds) }
                record(.idle)
                send(.finished(task: index, cpu: MonotonicClock.currentThreadCPUTime() - cpu))
            case .spin(let index, let units, let announce):
                let work = { for _ in 0..<units { _ = CPUWork.unit() } }
                let cpu = MonotonicClock.currentThreadCPUTime()
                if announce { announced(index, state: .running, work) } else { record(.running); work() }
                record(.idle)
                send(.finished(task: index, cpu: MonotonicClock.currentThreadCPUTime() - cpu))
            case .quit:
                record(.done)
                return 0
            }
        }
        record(.done)
        return 0
    }

    /// Keeps the memory one file's search frees for the next, instead of glibc giving it back
    /// to the kernel (heap top trimmed past 128 KB, large blocks unmapped) and taking it again
    /// as fresh zeroed pages: on the sample curves, a worker spent a quarter of its time in
    /// those page faults. Freed memory up to 256 MB stays with the worker, which ends with its run.
    /// The mmap threshold is set first and at most 32 MB, the most older glibc accept: setting
    /// the trim threshold alone would freeze glibc's self-adjusting mmap threshold at 128 KB.
    private static func keepFreedMemory() {
        guard mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 else { return }
        _ = mallopt(M_TRIM_THRESHOLD, 256 << 20)
    }

    private static func period(of path: String, task: Int, settings: SearchSettings) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        record(.running, object: name)
        do {
            let finding = try settings.search(path)
            record(.instant, InstantKind.result.rawValue, value: Int64(bitPattern: finding.period.bitPattern), object: name)
            record(.idle)
            send(.result(task: task, finding: finding))
        } catch {
            record(.idle)
            send(.failed(task: task, message: error.description))
        }
    }

    /// The course's task: print that it started, work or sleep in `state`, print that it completed.
    private static func announced(_ index: Int, state: WorkerState, _ work: () -> Void) {
        record(.running)
        send(.print("Task \(index) started"))
        record(state)
        work()
        record(.running)
        send(.print("Task \(index) completed"))
    }

    private static func sleep(_ seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    private static func record(_ state: WorkerState, object: String? = nil) {
        record(.state, state.rawValue, value: 0, object: object)
    }

    private static func record(_ kind: Event.Kind, _ code: UInt8, value: Int64, object: String?) {
        let event = Event(time: MonotonicClock.now(), kind: kind, code: code, object: .none, value: value,
                          cpu: MonotonicClock.currentCPU())
        send(.event(event, object: object))
    }

    private static func send(_ message: WorkerMessage) {
        FileDescriptorText.write(1, message.line + "\n")
    }
}
