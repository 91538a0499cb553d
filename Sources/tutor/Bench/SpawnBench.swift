import TutorEngine

/// How long a new thread and a new worker process take to start running.
struct SpawnBench {
    func measure(runs: Int) throws -> (threadMicroseconds: Samples, processMilliseconds: Samples) {
        let threads = try Samples.collect(runs * 20) { Double(try SpawnLatency.thread()) / 1e3 }
        let processes = try Samples.collect(runs * 2) { Double(try SpawnLatency.process()) / 1e6 }
        return (threads, processes)
    }
}
