import Curl

extension ExternalReceiver {
    /// Checks, before any scenario runs, that the receiver answers `GET /healthz` and accepts
    /// the admin token on `GET /api/postbacks?limit=1`, and notes in ``offersFaults`` whether it
    /// answers `GET /api/faults`.
    ///
    /// - Returns: `nil` when it does; otherwise what is wrong and whether it is the input
    ///   (a refused token) rather than the receiver.
    public mutating func check() async -> (message: String, isInput: Bool)? {
        let problem = await probe()
        if problem == nil {
            offersFaults = await probeFaults()
        }
        return problem
    }

    private func probeFaults() async -> Bool {
        (try? await CurlClient.withClient { client in
            try await AdminClient(client: client, baseURL: baseURL, adminToken: adminToken, caFile: caFile)
                .offersFaults()
        }) ?? false
    }

    private func probe() async -> (message: String, isInput: Bool)? {
        do {
            return try await CurlClient.withClient { client -> (message: String, isInput: Bool)? in
                let health = try await client.send(
                    CurlRequest(
                        url: "\(baseURL)/healthz", connectTimeout: .seconds(5), timeout: .seconds(10), caFile: caFile))
                guard health.status == 200 else {
                    return ("the receiver at \(baseURL) answered GET /healthz with HTTP \(health.status)", false)
                }
                let headers = adminToken.map { [HTTPHeader("Authorization", "Bearer \($0)")] } ?? []
                let log = try await client.send(
                    CurlRequest(
                        url: "\(baseURL)/api/postbacks?limit=1", headers: headers, connectTimeout: .seconds(5),
                        timeout: .seconds(10), caFile: caFile))
                switch log.status {
                case 200: return nil
                case 401, 403:
                    let given = adminToken == nil ? "no --admin-token was given" : "--admin-token was refused"
                    return ("the receiver at \(baseURL) answered the admin API with HTTP \(log.status): \(given)", true)
                default:
                    return (
                        "the receiver at \(baseURL) answered GET /api/postbacks with HTTP \(log.status): it does not speak DESIGN §4's admin API",
                        false
                    )
                }
            }
        } catch {
            return ("cannot reach the receiver at \(baseURL): \(error)", false)
        }
    }
}
