import Foundation
import Synchronization

/// Issues opaque, unique click ids: 20 characters of `[0-9a-z]`.
///
/// An id is an 8-character sequence number (base 36, zero-padded) and 12 random characters
/// (62 bits), so that the ids of one generator sort in the order they were issued: a store's
/// index of click ids then grows at its end instead of at random places.
/// ``random()`` draws from the system's generator and starts its sequence at the current time
/// in milliseconds since 2020 (a restarted receiver's ids sort after its earlier ones unless it
/// issued more than one a millisecond);
/// ``init(seed:)`` gives the same sequence for the same seed, so that a scenario produces the
/// same sends on every run.
public final class ClickIDGenerator: Sendable {
    private struct State {
        /// The next id's sequence number.
        var sequence: UInt64
        /// The seeded generator's state; `nil` draws from the system's generator.
        var seed: UInt64?
    }

    private let state: Mutex<State>
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    /// 36^8: the sequence numbers that 8 characters hold.
    private static let sequenceLimit: UInt64 = 2_821_109_907_456
    /// 36^12: the random numbers that 12 characters hold.
    private static let randomLimit: UInt64 = 4_738_381_338_321_616_896
    /// Milliseconds from 1970 to 2020-01-01, where a random generator's sequence starts counting.
    private static let epochMilliseconds: UInt64 = 1_577_836_800_000

    /// A generator with a fixed seed: deterministic sequence.
    public init(seed: UInt64) {
        var seed = seed
        // Starts anywhere in the lower half of the sequence's range, so that seeds differ at once.
        let start = Self.splitMix(&seed) % (Self.sequenceLimit / 2)
        state = Mutex(State(sequence: start, seed: seed))
    }

    private init(sequence: UInt64) {
        state = Mutex(State(sequence: sequence, seed: nil))
    }

    /// A generator drawing from the system's random source.
    public static func random() -> ClickIDGenerator {
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        return ClickIDGenerator(sequence: now > epochMilliseconds ? now - epochMilliseconds : 0)
    }

    /// The next id: its sequence number, then 62 random bits.
    public func next() -> String {
        let (sequence, random): (UInt64, UInt64) = state.withLock { state in
            let sequence = state.sequence % Self.sequenceLimit
            state.sequence += 1
            if var seed = state.seed {
                let random = Self.splitMix(&seed)
                state.seed = seed
                return (sequence, random)
            }
            var system = SystemRandomNumberGenerator()
            return (sequence, system.next())
        }
        var bytes = [UInt8](repeating: 0, count: 20)
        var high = sequence
        for index in (0..<8).reversed() {
            bytes[index] = Self.alphabet[Int(high % 36)]
            high /= 36
        }
        var low = random % Self.randomLimit
        for index in 8..<20 {
            bytes[index] = Self.alphabet[Int(low % 36)]
            low /= 36
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
