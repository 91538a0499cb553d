/// How long a worker process may say nothing during a task before it counts as stopped or
/// stuck (a SIGSTOP, a hang): then its task fails with that reason, and the worker is killed
/// and replaced, so the run goes on. The default is longer than any demo's longest silent
/// task; `tutor periods --watchdog` sets it for a file that really takes longer.
public enum WorkerWatchdog {
    public static let defaultSeconds = 300.0
}
