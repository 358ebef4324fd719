import Foundation
import Hummingbird

/// `/api/faults`: fault rules armed on a running receiver (a receiver started with faults
/// enabled, `serve --faults`), behind the admin token like every admin call. `POST` arms one
/// rule (``ReceiverFaults/Rule``'s JSON) and answers it with its `id`; `GET` lists the armed
/// rules; `DELETE /api/faults/{id}` disarms one, `DELETE /api/faults` all.
struct FaultRoutes: Sendable {
    let faults: ReceiverFaults

    func register(on api: RouterGroup<ReceiverRequestContext>) {
        api.get("faults") { _, _ in ReceiverJSON.response(faults.rules, status: .ok) }
        api.post("faults") { request, _ in
            let rule: ReceiverFaults.Rule = try await AdminRoutes.decodeBody(request)
            let id = faults.arm(rule)
            let armed = faults.rules.first { $0.id == id } ?? .init(id: id, rule: rule, remaining: rule.count)
            return ReceiverJSON.response(armed, status: .created)
        }
        api.delete("faults") { _, _ in
            faults.clear()
            return Response(status: .noContent)
        }
        api.delete("faults/:id") { _, context in
            let text = context.parameters.get("id") ?? ""
            guard let id = Int(text) else { throw APIError.invalidField("id", "fault id '\(text)' is not a number") }
            guard faults.disarm(id) else { throw APIError.notFound("no fault rule with id \(id)") }
            return Response(status: .noContent)
        }
    }
}
