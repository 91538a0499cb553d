/// Every demo the engine can run, in lesson order; `tutor list`, the command line, the UI and
/// the lesson checker look demos up here.
public enum DemoCatalog {
    public static let all: [any Demo] = [
        PoolDemo(),
        ClusterDemo(),
        ThreadLifecycleDemo(),
        LocksDemo(),
        SemaphoresDemo(),
        ConditionsDemo(),
        DeadlockDemo(),
        ConcurrencyDemo(),
        ParallelismDemo(),
        GILDemo(),
        DataStructuresDemo(),
    ]

    public static func demo(_ id: String) -> (any Demo)? {
        all.first { $0.id == id }
    }
}
