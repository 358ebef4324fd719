import Synchronization

/// Numbers the scenarios a runner plays, for campaign namespaces.
final class ExecutionCounter: Sendable {
    private let count = Mutex(0)

    func next() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
}
