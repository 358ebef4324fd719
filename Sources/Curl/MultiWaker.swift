internal import CCurl

/// The one thing other threads may do to a multi handle: `curl_multi_wakeup`, which libcurl
/// documents as callable from any thread. `@unchecked Sendable` for that reason only; the
/// ``TransferInbox`` calls it under its lock and forgets it before the handle is freed.
struct MultiWaker: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    init(_ multi: MultiHandle) {
        handle = multi.raw
    }

    /// Interrupts the `curl_multi_poll` the loop is in, or makes its next one return at once.
    func wake() {
        // A failed wakeup (the socket pair is full, so a wakeup is pending anyway) costs at most
        // one poll interval of the loop: there is nothing better to do with the code.
        _ = curl_multi_wakeup(handle)
    }
}
