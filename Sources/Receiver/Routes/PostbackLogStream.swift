import Foundation
import Hummingbird
import PostbackCore
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// The answer of `GET /api/postbacks`: the JSON array of DESIGN §4, byte for byte as one
/// encoding of the whole array, but read from the store a page at a time and written with
/// back-pressure, so that a client that does not read holds at most a page and a chunk of the
/// receiver's memory, not the whole answer.
///
/// An answer that fits in one page is written at once with its `Content-Length`. A longer one is
/// chunked: a page is read (``pageSize`` lines, older than the last line written), encoded into
/// chunks of about ``chunkBytes``, each written only once the connection took the one before
/// (the channel's write buffer stays under its high-water mark), then the next page is read. A
/// store failure before the first byte is answered as any admin error; one after it cuts the
/// connection, so that a client never mistakes a cut answer for a whole one. Once a long answer
/// ends, written or cut, the freed memory is given back to the operating system.
struct PostbackLogStream: Sendable {
    /// Log lines read from the store at once.
    static let pageSize = 50
    /// Bytes of JSON encoded before they are written.
    static let chunkBytes = 32 * 1024

    let store: any PostbackStore
    let filter: PostbackLogFilter

    func response() async throws -> Response {
        var firstFilter = filter
        firstFilter.limit = min(filter.limit, Self.pageSize)
        let firstPage = try await store.postbacks(firstFilter)
        guard firstPage.count == Self.pageSize, filter.limit > Self.pageSize else {
            return ReceiverJSON.response(firstPage, status: .ok)
        }
        let body = ResponseBody { [store, filter] writer in
            defer { Self.returnFreedMemory() }
            let encoder = ReceiverJSON.encoder()
            var chunk = ByteBuffer()
            chunk.writeStaticString("[")
            var page = firstPage
            var written = 0
            while true {
                for entry in page {
                    if written > 0 { chunk.writeStaticString(",") }
                    chunk.writeBytes(try encoder.encode(entry))
                    written += 1
                    if chunk.readableBytes >= Self.chunkBytes {
                        try await writer.write(chunk)
                        chunk = ByteBuffer()
                    }
                }
                let wanted = filter.limit - written
                guard wanted > 0, page.count == Self.pageSize, let lastID = page.last?.id else { break }
                var next = filter
                next.limit = min(wanted, Self.pageSize)
                next.beforeID = lastID
                page = try await store.postbacks(next)
            }
            chunk.writeStaticString("]")
            try await writer.write(chunk)
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: ReceiverJSON.contentType], body: body)
    }

    /// Gives the pages freed by a long answer back to the operating system, whether it was written
    /// to its end or cut: glibc keeps freed heap pages otherwise, and the receiver's resident
    /// memory stayed at its peak after stalled readers closed.
    static func returnFreedMemory() {
        #if canImport(Glibc)
            mallocTrim?(0)
        #endif
    }

    #if canImport(Glibc)
        /// glibc's `malloc_trim`, which `<malloc.h>` declares and the Glibc module does not.
        private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
            return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        }()
    #endif
}
