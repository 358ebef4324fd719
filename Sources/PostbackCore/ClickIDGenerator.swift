import Synchronization

/// Issues opaque, unique click ids.
///
/// ``random()`` draws from the system's generator; ``init(seed:)`` gives the same sequence for
/// the same seed, so that a scenario produces the same sends on every run.
public final class ClickIDGenerator: Sendable {
    private let state: Mutex<UInt64?>
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// A generator with a fixed seed: deterministic sequence.
    public init(seed: UInt64) {
        state = Mutex(seed)
    }

    private init() {
        state = Mutex(nil)
    }

    /// A generator drawing from the system's random source.
    public static func random() -> ClickIDGenerator { ClickIDGenerator() }

    /// The next id: 20 characters of `[0-9a-z]` (about 103 bits).
    public func next() -> String {
        let (high, low): (UInt64, UInt64) = state.withLock { seed in
            if var current = seed {
                let a = Self.splitMix(&current)
                let b = Self.splitMix(&current)
                seed = current
                return (a, b)
            }
            var system = SystemRandomNumberGenerator()
            return (system.next(), system.next())
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        var h = high
        var l = low
        for index in 0..<20 {
            if index < 10 {
                bytes.append(Self.alphabet[Int(h % 36)])
                h /= 36
            } else {
                bytes.append(Self.alphabet[Int(l % 36)])
                l /= 36
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
