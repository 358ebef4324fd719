import Trackers

/// The clicks of one campaign, in the order they were made, for the traffic steps to convert.
///
/// Clicks made one by one keep what `GET /click` answered; clicks issued in bulk (a batch of
/// more than ``AdminClient/bulkClickThreshold``) keep only their ids, packed in one buffer,
/// and their redirect is rebuilt from the tracking link when a step converts them — so that a
/// million clicks take about 30 MB instead of several hundred.
struct ClickPool: Sendable {
    private enum Segment: Sendable {
        case issued([IssuedClick])
        case bulk(ClickIDList, trackingLink: String?)

        var count: Int {
            switch self {
            case .issued(let clicks): clicks.count
            case .bulk(let ids, _): ids.count
            }
        }
    }

    private var segments: [Segment] = []
    /// How many clicks the pool holds.
    private(set) var count = 0

    init() {}

    init(_ clicks: [IssuedClick]) {
        append(clicks)
    }

    init(ids: ClickIDList, trackingLink: String?) {
        segments = [.bulk(ids, trackingLink: trackingLink)]
        count = ids.count
    }

    mutating func append(_ clicks: [IssuedClick]) {
        guard !clicks.isEmpty else { return }
        segments.append(.issued(clicks))
        count += clicks.count
    }

    mutating func append(contentsOf other: ClickPool) {
        segments += other.segments
        count += other.count
    }

    /// The click at `position` (from 0, in the order made), as `GET /click` would have issued it.
    subscript(position: Int) -> IssuedClick {
        var rest = position
        for segment in segments {
            if rest < segment.count {
                switch segment {
                case .issued(let clicks):
                    return clicks[rest]
                case .bulk(let ids, let trackingLink):
                    let id = ids[rest]
                    guard let trackingLink else { return IssuedClick(location: nil, clickID: id) }
                    return IssuedClick(
                        location: trackingLink.replacingOccurrences(of: "{click_id}", with: id), clickID: nil)
                }
            }
            rest -= segment.count
        }
        preconditionFailure("click \(position) of a pool of \(count)")
    }
}

/// Click ids packed in one byte buffer with their end offsets: no object per id.
struct ClickIDList: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    mutating func reserveCapacity(_ count: Int) {
        ends.reserveCapacity(count)
        bytes.reserveCapacity(count * 24)
    }

    mutating func append(_ id: String) {
        bytes.append(contentsOf: id.utf8)
        ends.append(bytes.count)
    }

    subscript(position: Int) -> String {
        let start = position == 0 ? 0 : ends[position - 1]
        return String(decoding: bytes[start..<ends[position]], as: UTF8.self)
    }
}
