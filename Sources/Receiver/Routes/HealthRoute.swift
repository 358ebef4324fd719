import Foundation
import Hummingbird
import Store
import Synchronization

/// `GET /healthz`: 200 `{"status": "ok"}` while the store answers a read within
/// ``probeTimeout``, else 503 `{"status": "store_unavailable", "message": …}` (DESIGN §3) with
/// `Retry-After`, so that a load balancer stops sending postbacks that would only get 503s.
struct HealthRoute: Sendable {
    /// How long the store has to answer the probe.
    static let probeTimeout = Duration.seconds(2)

    let store: any PostbackStore

    func register(on router: Router<ReceiverRequestContext>) {
        router.get("healthz") { _, _ in
            if let problem = await probe() {
                return ReceiverJSON.response(
                    ["status": "store_unavailable", "message": problem], status: .serviceUnavailable,
                    headers: [.retryAfter: String(PostbackEndpoint.retryAfterSeconds)])
            }
            return ReceiverJSON.response(["status": "ok"], status: .ok)
        }
    }

    /// Reads a campaign that cannot exist; what went wrong, or `nil` when the store answered.
    /// A store that hangs is given up on after ``probeTimeout`` (its read goes on in the
    /// background and its answer is dropped).
    func probe() async -> String? {
        let store = self.store
        let once = Mutex(false)
        return await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let finish: @Sendable (String?) -> Void = { problem in
                let first = once.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: problem) }
            }
            Task {
                do {
                    _ = try await store.campaign(id: "-")
                    finish(nil)
                } catch {
                    finish("the store failed: \(error)")
                }
            }
            Task {
                try? await Task.sleep(for: Self.probeTimeout)
                finish("the store did not answer within \(Self.probeTimeout)")
            }
        }
    }
}
