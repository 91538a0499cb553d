#if canImport(Glibc)
import Glibc
#endif

/// tutor's side of line stepping (Probe/tutor_lines.py): the threads of a stepped program wait
/// before each line of the student's code, each on a FIFO of its own, until the gate writes
/// them a byte. The pacer decides when, as for a native worker at a checkpoint: a held thread
/// is parked in it under its lane's id, so step mode, pause, pace and speed work on real Python
/// as they do on the native demos, and nothing of tutor blocks on the program.
///
/// The gate also keeps the mode byte the probe reads before every line: held (`h`) unless the
/// pacer runs at full speed, when lines run unheld and unreported (`f`).
final class LineGate {
    private let folder: String
    private let mode: Int32
    private var free: Bool?
    /// Held threads by key, with their lane's id.
    private var held: [ObservedProgram.Key: Int] = [:]
    /// Each held thread's FIFO, opened for writing the first time it is let go.
    private var grants: [ObservedProgram.Key: Int32] = [:]

    /// Makes the mode byte in the run's probe folder, held from the start.
    init(folder: String) throws {
        self.folder = folder
        mode = open(folder + "/mode", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard mode >= 0 else { throw EngineError.spawn("the line stepping of \(folder)", errno) }
        set(free: false)
    }

    deinit {
        close(mode)
        for descriptor in grants.values { close(descriptor) }
    }

    /// What the program's environment needs for its probe to hold its lines.
    var environment: [String: String] { ["TUTOR_PROBE_STEP": folder] }

    /// Follows the pacer's mode: the probe holds lines unless the run is at full speed.
    func follow(_ pacer: Pacer) {
        let unpaced = !pacer.isPacing
        if free != unpaced { set(free: unpaced) }
    }

    private func set(free: Bool) {
        var byte = UInt8(ascii: free ? "f" : "h")
        _ = pwrite(mode, &byte, 1, 0)
        self.free = free
    }

    /// The thread waits before a line, in lane `lane`, until the pacer lets it go.
    func hold(_ key: ObservedProgram.Key, lane: Int, label: String, pacer: Pacer) {
        held[key] = lane
        pacer.park(lane, label)
    }

    /// Lets go every held thread the pacer lets go now; returns them.
    func letGo(_ pacer: Pacer) -> [ObservedProgram.Key] {
        var gone: [ObservedProgram.Key] = []
        for (key, lane) in held where pacer.mayGo(lane) {
            held[key] = nil
            gone.append(key)
            guard let grant = grant(key) else { continue }
            var byte: UInt8 = 1
            _ = write(grant, &byte, 1)
        }
        return gone
    }

    /// The thread has ended (or its process has): it waits for nothing any more.
    func ended(_ key: ObservedProgram.Key, pacer: Pacer) {
        guard let lane = held.removeValue(forKey: key) else { return }
        pacer.unpark(lane)
    }

    /// The thread's FIFO for writing. The probe opened it (read and write) before it reported
    /// the line, so this open finds a reader and does not wait; nil if the thread is gone.
    private func grant(_ key: ObservedProgram.Key) -> Int32? {
        if let open = grants[key] { return open }
        let descriptor = open(folder + "/grant-\(key.pid)-\(key.tid)", O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        grants[key] = descriptor
        return descriptor
    }
}
