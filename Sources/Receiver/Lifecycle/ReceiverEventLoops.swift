import NIOCore
import NIOPosix
import Synchronization

/// The event-loop groups that receivers serve connections on: one group per thread count,
/// made on first use and kept for the life of the process (like NIO's own singleton group), so
/// that receivers started and stopped in one process share their threads.
public enum ReceiverEventLoops {
    /// One thread per core but one, which the store's writer (the group commit) keeps busy
    /// under load; at least 1.
    public static var defaultCount: Int { max(1, System.coreCount - 1) }

    private static let groups = Mutex<[Int: MultiThreadedEventLoopGroup]>([:])

    /// The group of `count` threads (at least 1).
    static func group(threads count: Int) -> MultiThreadedEventLoopGroup {
        let count = max(1, count)
        return groups.withLock { groups in
            if let group = groups[count] { return group }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: count)
            groups[count] = group
            return group
        }
    }
}
