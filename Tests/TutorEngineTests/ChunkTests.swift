import Testing
@testable import TutorEngine

/// How an array job splits its files: `--chunk K/N` and `--chunk slurm`.
@Suite struct ChunkTests {
    @Test func theSharesOfEveryCountAreDisjointAndCoverEveryFile() throws {
        for files in [0, 1, 7, 48, 100] {
            let names = (0..<files).map { "curve_\($0).lc" }.shuffled()
            for count in 1...64 {
                let shares = try (0..<count).map { try Chunk(index: $0, count: count).share(of: names) }
                let all = shares.flatMap { $0 }
                #expect(all.count == files, "\(files) files in \(count) shares")
                #expect(Set(all) == Set(names), "\(files) files in \(count) shares")
                let sizes = shares.map(\.count)
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1, "near-equal: \(sizes)")
                #expect(all == names.sorted(), "shares follow the sorted names in order")
            }
        }
    }

    @Test func aSlurmTaskCountsFromTheArraysLowestIndex() throws {
        let first = try Chunk.slurm(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "8"])
        #expect(first == (try Chunk(index: 0, count: 8)))
        let last = try Chunk.slurm(["SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "8"])
        #expect(last == (try Chunk(index: 7, count: 8)))
        let stepped = try Chunk.slurm(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2",
                                       "SLURM_ARRAY_TASK_COUNT": "3"])
        #expect(stepped == (try Chunk(index: 2, count: 3)))
        #expect(throws: ChunkError.self) { try Chunk.slurm([:]) }
    }

    @Test func aBadChunkSaysWhatAChunkIs() {
        for text in ["3", "a/b", "8/8", "-1/4", "0/0", "1/2/3"] {
            #expect(throws: ChunkError.self, "\(text)") { try Chunk.parse(text) }
        }
        #expect((try? Chunk.parse("2/5")) == (try? Chunk(index: 2, count: 5)))
    }

    /// Lines as scontrol -d -o prints them: tasks still pending together share one record.
    @Test func slurmRecordsGiveTaskIndicesAndCPUs() {
        let records = SlurmRecord.parse("""
            JobId=6 ArrayJobId=6 ArrayTaskId=2-5%2 ArrayTaskThrottle=2 JobName=tutor-periods JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) NodeList=(null)
            JobId=8 ArrayJobId=6 ArrayTaskId=0 JobState=RUNNING Reason=None StartTime=2026-12-02T00:22:18 NodeList=vm   Nodes=vm CPU_IDs=0-1 Mem=0 StdOut=/tmp/my job/logs/periods_6_0.log
            slurm_load_jobs error: Invalid job id specified
            """)
        #expect(records.count == 2)
        #expect(records[0].taskIndices == [2, 3, 4, 5])
        #expect(records[0]["NodeList"] == nil)
        #expect(records[1].taskIndices == [0])
        #expect(records[1].cpuIDs == [0, 1])
        #expect(records[1]["StdOut"] == "/tmp/my job/logs/periods_6_0.log")
        var task = JobStatus(name: "task 2", index: 2, log: "")
        task.update(from: records[0])
        #expect(task.jobID == nil && task.reason == "JobArrayTaskLimit" && task.state == "PENDING")
        #expect(ClusterWatcher.drawn(task) == (.waitingSemaphore, "JobArrayTaskLimit"))
    }
}
