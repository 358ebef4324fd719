import Curl
import Foundation

/// Sends a filled postback the way a tracker profile says: method, timeouts, User-Agent,
/// redirects, and retries on a scaled clock.
public struct PostbackSender: Sendable {
    public let client: CurlClient
    public let route: PostbackRoute
    /// Multiplies every retry delay: 1 is real time; the scenario default makes a 15-minute
    /// wait take milliseconds.
    public let timeScale: Double

    public init(client: CurlClient, route: PostbackRoute, timeScale: Double = 1) {
        self.client = client
        self.route = route
        self.timeScale = timeScale
    }

    /// Sends `url` as `profile` would, retrying per its policy; every attempt is returned.
    ///
    /// `timeout` overrides the profile's total timeout for every send; `firstTimeout` for the
    /// first send only (a fault compresses it so that it fires, while the retries keep a timeout
    /// a loaded machine cannot exceed).
    public func send(_ url: String, profile: TrackerProfile, timeout: Duration? = nil, firstTimeout: Duration? = nil)
        async -> [SendAttempt]
    {
        var attempts: [SendAttempt] = []
        var number = 1
        while true {
            let attempt = await sendOnce(
                url, profile: profile, attempt: number, timeout: number == 1 ? firstTimeout ?? timeout : timeout)
            attempts.append(attempt)
            guard profile.retry.shouldRetry(after: attempt.outcome, attempt: number, success: profile.successClasses),
                !Task.isCancelled
            else { break }
            let delay = profile.retry.delay(afterAttempt: number) * timeScale
            if delay > .zero {
                try? await Task.sleep(for: delay)
            }
            number += 1
        }
        return attempts
    }

    private func sendOnce(_ url: String, profile: TrackerProfile, attempt: Int, timeout: Duration?) async
        -> SendAttempt
    {
        let route = self.route.connectTo(for: url)
        let request = TrackerRequest(
            url: url, profile: profile, connectTo: (try? route.get()).map { [$0] } ?? [], caFile: self.route.caFile,
            timeout: timeout)
        let method = request.curl.method
        let body = request.body
        if let refusal = request.refusal {
            return SendAttempt(
                attempt: attempt, method: method, url: url, body: body, outcome: .notSent, error: refusal)
        }
        if case .failure(let error) = route {
            // A port ClickWall does not listen on fails to connect, and the tracker reacts to that.
            return SendAttempt(
                attempt: attempt, method: method, url: url, body: body,
                outcome: error.isUnreachable ? .connectionFailed : .notSent, error: error.message)
        }
        do {
            let response = try await client.send(request.curl)
            return SendAttempt(
                attempt: attempt, method: method, url: url, body: body, outcome: .answered(status: response.status),
                status: response.status, answer: response.bodyText)
        } catch let error as CurlError {
            return SendAttempt(
                attempt: attempt, method: method, url: url, body: body,
                outcome: error.isTimeout ? .timedOut : .connectionFailed, error: error.description)
        } catch {
            return SendAttempt(
                attempt: attempt, method: method, url: url, body: body, outcome: .connectionFailed,
                error: "\(error)")
        }
    }
}
