import Foundation
import PostbackTesting
import Testing

extension TestReceiver {
    /// Checks that the receiver still answers `GET /healthz`.
    func expectServing(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let health = try await get("/healthz")
        #expect(health.status == 200, sourceLocation: sourceLocation)
        #expect(try JSONBody(health).object == ["status": "ok"] as NSDictionary, sourceLocation: sourceLocation)
    }
}

/// The exact keys of a postback answer (DESIGN §3).
let verdictKeys: Set<String> = ["result", "reason", "conversion_id", "message"]
/// The exact keys of an API error.
let errorKeys: Set<String> = ["error", "message"]
