extension CurlClient {
    /// Runs `body` with a new client and shuts the client down afterwards, whether `body`
    /// returns or throws.
    public static func withClient<T: Sendable>(
        maxConnections: Int = 64,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (CurlClient) async throws -> T
    ) async throws -> T {
        let client = try CurlClient(maxConnections: maxConnections)
        let result: T
        do {
            result = try await body(client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        return result
    }
}
