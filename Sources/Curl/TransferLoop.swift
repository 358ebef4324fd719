internal import CCurl

/// The thread that drives every transfer of one ``CurlClient`` through one multi handle.
///
/// Each turn takes the inbox's new requests and cancellations, lets libcurl move all transfers
/// (`curl_multi_perform`), completes the finished ones (`curl_multi_info_read`), and waits in
/// `curl_multi_poll` for sockets, libcurl's timers or a wakeup from the inbox. It runs on a
/// thread of its own so that waiting never blocks Swift's cooperative pool.
final class TransferLoop {
    /// How long one `curl_multi_poll` may wait when nothing happens; a wakeup cuts it short.
    private static let pollMilliseconds: Int32 = 200

    private var multi: MultiHandle?
    private let inbox: TransferInbox
    /// The transfers in the multi handle, by easy handle.
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    /// The easy handle of each active submission, to find a cancelled one.
    private var handles: [ObjectIdentifier: UnsafeMutableRawPointer] = [:]
    /// Handles of finished transfers, reset and reused by the next requests: making a handle
    /// (`curl_easy_init`) costs more than the rest of a keep-alive request.
    private var idleHandles: [EasyHandle] = []
    /// The most idle handles kept.
    private static let maxIdleHandles = 256

    init(multi: MultiHandle, inbox: TransferInbox) {
        self.multi = multi
        self.inbox = inbox
    }

    /// Runs until the client stops or the multi handle fails; then fails what is left, frees the
    /// multi handle (closing its connections) and resumes the tasks waiting for the stop.
    func run() {
        let failure = drive()
        stop(failure: failure)
    }

    /// The turns; returns the multi handle's error if it failed, `nil` when asked to stop.
    private func drive() -> CurlError? {
        guard let multi else { return nil }
        while true {
            let batch = inbox.take()
            for submission in batch.submissions {
                start(submission, on: multi)
            }
            for submission in batch.cancellations {
                abandon(submission, on: multi)
            }
            if batch.isStopping {
                return nil
            }
            do throws(CurlError) {
                try multi.perform()
                completeFinished(on: multi)
                try multi.poll(milliseconds: Self.pollMilliseconds)
            } catch {
                return error
            }
        }
    }

    private func start(_ submission: Submission, on multi: MultiHandle) {
        guard !submission.isCancelled else { return }
        do throws(CurlError) {
            let url = submission.request.url
            let easy: EasyHandle
            if let idle = idleHandles.popLast() {
                try idle.reset(url: url)
                easy = idle
            } else {
                easy = try EasyHandle(url: url)
            }
            let transfer = try Transfer(submission: submission, easy: easy)
            try multi.add(transfer.easy)
            active[transfer.easy.raw] = transfer
            handles[ObjectIdentifier(submission)] = transfer.easy.raw
        } catch {
            submission.finish(.failure(error))
        }
    }

    /// Removes a cancelled request's transfer; its task was resumed already.
    private func abandon(_ submission: Submission, on multi: MultiHandle) {
        guard let easy = handles.removeValue(forKey: ObjectIdentifier(submission)),
            let transfer = active.removeValue(forKey: easy)
        else { return }
        // A failure to remove leaves nothing to do: the handle is freed with the transfer.
        try? multi.remove(transfer.easy)
    }

    private func completeFinished(on multi: MultiHandle) {
        while let (easy, result) = multi.nextFinished() {
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            handles.removeValue(forKey: ObjectIdentifier(transfer.submission))
            do throws(CurlError) {
                try multi.remove(transfer.easy)
                transfer.submission.finish(transfer.outcome(result))
                if idleHandles.count < Self.maxIdleHandles {
                    idleHandles.append(transfer.easy)
                }
            } catch {
                transfer.submission.finish(.failure(error))
            }
        }
    }

    private func stop(failure: CurlError?) {
        for transfer in active.values {
            try? multi?.remove(transfer.easy)
            let request = transfer.submission.request
            let error =
                failure
                ?? CurlError.shutDown(operation: "sending \(request.method)", url: request.url)
            transfer.submission.finish(.failure(error))
        }
        active.removeAll()
        handles.removeAll()
        idleHandles.removeAll()
        let (leftover, stopWaiters) = inbox.close()
        for submission in leftover {
            let request = submission.request
            submission.finish(.failure(CurlError.shutDown(operation: "sending \(request.method)", url: request.url)))
        }
        multi = nil
        for waiter in stopWaiters {
            waiter.resume()
        }
    }
}
