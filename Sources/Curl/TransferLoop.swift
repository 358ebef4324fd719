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
    /// Feeds with requests still to send or answer, in arrival order.
    private var feeds: [Feed] = []

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
            feeds += batch.feeds
            if batch.feedCancelled {
                abandonCancelledFeeds(on: multi)
            }
            if batch.isStopping {
                return nil
            }
            topUpFeeds(on: multi)
            do throws(CurlError) {
                try multi.perform()
                completeFinished(on: multi)
                topUpFeeds(on: multi)
                try multi.poll(milliseconds: Self.pollMilliseconds)
            } catch {
                return error
            }
        }
    }

    private func start(_ submission: Submission, on multi: MultiHandle) {
        guard !submission.isCancelled else { return }
        do throws(CurlError) {
            let transfer = try begin(submission.request, owner: .submission(submission), on: multi)
            handles[ObjectIdentifier(submission)] = transfer.easy.raw
        } catch {
            submission.finish(.failure(error))
        }
    }

    /// Configures `request` on an idle or new handle and adds it to the multi handle.
    private func begin(_ request: CurlRequest, owner: Transfer.Owner, on multi: MultiHandle) throws(CurlError)
        -> Transfer
    {
        let easy: EasyHandle
        if let idle = idleHandles.popLast() {
            try idle.reset(url: request.url)
            easy = idle
        } else {
            easy = try EasyHandle(url: request.url)
        }
        let transfer = try Transfer(request, owner: owner, easy: easy)
        try multi.add(transfer.easy)
        active[transfer.easy.raw] = transfer
        return transfer
    }

    /// Starts the feeds' next requests, each feed up to its `inflight`; resumes the feeds that
    /// are done.
    private func topUpFeeds(on multi: MultiHandle) {
        guard !feeds.isEmpty else { return }
        for feed in feeds {
            while !feed.isCancelled, feed.outstanding < feed.inflight, feed.next < feed.count {
                let index = feed.next
                feed.next += 1
                let request = feed.makeRequest(index)
                do throws(CurlError) {
                    _ = try begin(request, owner: .feed(feed, index: index), on: multi)
                    feed.outstanding += 1
                } catch {
                    feed.handleResponse(index, .failure(error))
                }
            }
        }
        feeds.removeAll { feed in
            guard feed.isDone else { return false }
            feed.finish()
            return true
        }
    }

    /// Removes the running transfers of cancelled feeds; their feeds end at the next top-up.
    private func abandonCancelledFeeds(on multi: MultiHandle) {
        for (easy, transfer) in active {
            guard case .feed(let feed, _) = transfer.owner, feed.isCancelled else { continue }
            active.removeValue(forKey: easy)
            try? multi.remove(transfer.easy)
            feed.outstanding -= 1
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
            switch transfer.owner {
            case .submission(let submission): handles.removeValue(forKey: ObjectIdentifier(submission))
            case .feed(let feed, _): feed.outstanding -= 1
            }
            do throws(CurlError) {
                try multi.remove(transfer.easy)
                transfer.finish(transfer.outcome(result))
                if idleHandles.count < Self.maxIdleHandles {
                    idleHandles.append(transfer.easy)
                }
            } catch {
                transfer.finish(.failure(error))
            }
        }
    }

    private func stop(failure: CurlError?) {
        for transfer in active.values {
            try? multi?.remove(transfer.easy)
            let request = transfer.request
            let error =
                failure
                ?? CurlError.shutDown(operation: "sending \(request.method)", url: request.url)
            transfer.finish(.failure(error))
        }
        active.removeAll()
        handles.removeAll()
        idleHandles.removeAll()
        let (leftover, newFeeds, stopWaiters) = inbox.close()
        for submission in leftover {
            let request = submission.request
            submission.finish(.failure(CurlError.shutDown(operation: "sending \(request.method)", url: request.url)))
        }
        // A feed's requests not sent yet are each answered with the shutdown, none is lost.
        for feed in feeds + newFeeds {
            while !feed.isCancelled, feed.next < feed.count {
                let index = feed.next
                feed.next += 1
                let request = feed.makeRequest(index)
                feed.handleResponse(
                    index,
                    .failure(failure ?? CurlError.shutDown(operation: "sending \(request.method)", url: request.url)))
            }
            feed.finish()
        }
        feeds.removeAll()
        multi = nil
        for waiter in stopWaiters {
            waiter.resume()
        }
    }
}
