import Synchronization

/// A value shared by concurrent tasks and threads of a test, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T: Sendable>(_ body: (inout sending Value) -> sending T) -> T {
        mutex.withLock(body)
    }

    var value: Value { mutex.withLock { $0 } }
}
