import PostbackCore
import Testing

/// Click ids: deterministic per seed, opaque `[0-9a-z]{20}`, unique, in the order issued.
struct ClickIDGeneratorTests {
    @Test(arguments: [0, 1, 42, UInt64.max])
    func sameSeedSameSequence(seed: UInt64) {
        let first = ClickIDGenerator(seed: seed)
        let second = ClickIDGenerator(seed: seed)
        let a = (0..<50).map { _ in first.next() }
        let b = (0..<50).map { _ in second.next() }
        #expect(a == b)
        #expect(Set(a).count == 50)
    }

    @Test func differentSeedsDiffer() {
        #expect(ClickIDGenerator(seed: 1).next() != ClickIDGenerator(seed: 2).next())
    }

    @Test func idsAreOpaqueAndNeverMacros() {
        let generator = ClickIDGenerator.random()
        let ids = (0..<2_000).map { _ in generator.next() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(200) {
            #expect(id.utf8.count == 20)
            #expect(id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) })
            #expect(MacroDetector.firstMacro(in: id) == nil)
        }
    }

    @Test(arguments: [ClickIDGenerator(seed: 3), ClickIDGenerator(seed: .max), ClickIDGenerator.random()])
    func idsOfOneGeneratorSortInTheOrderIssued(generator: ClickIDGenerator) {
        let ids = (0..<5_000).map { _ in generator.next() }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.utf8.count == 20 })
    }

    @Test func twoGeneratorsStartedTogetherStillDiffer() {
        let first = ClickIDGenerator.random()
        let second = ClickIDGenerator.random()
        let a = (0..<1_000).map { _ in first.next() }
        let b = (0..<1_000).map { _ in second.next() }
        #expect(Set(a).isDisjoint(with: b))
    }
}
