@testable import RolloutCore
import Testing

@Suite struct BucketedDictionaryTests {
    static func filled(_ count: Int) -> BucketedDictionary<String, [Int]> {
        var dictionary: BucketedDictionary<String, [Int]> = [:]
        for index in 0..<count { dictionary["k\(index)"] = [index] }
        return dictionary
    }

    @Test func behavesAsADictionary() {
        var dictionary = Self.filled(1_000)
        #expect(dictionary.count == 1_000 && !dictionary.isEmpty)
        #expect(dictionary["k7"] == [7] && dictionary["absent"] == nil)
        dictionary["k7"]?.append(8)
        dictionary["new", default: []].append(1)
        dictionary["k8"] = nil
        dictionary["absent"] = nil
        #expect(dictionary["k7"] == [7, 8] && dictionary["new"] == [1] && dictionary["k8"] == nil)
        #expect(dictionary.count == 1_000)
        var seen: [String: [Int]] = [:]
        for (key, value) in dictionary { seen[key] = value }
        #expect(seen.count == 1_000 && seen["k7"] == [7, 8] && seen["k999"] == [999])
        #expect(Set(dictionary.keys) == Set(seen.keys))
        #expect(dictionary.values.reduce(0) { $0 + $1.count } == 1_001)
        #expect(BucketedDictionary<String, Int>().isEmpty)
    }

    /// The buckets double many times over while a copy shares them: every key is found
    /// where its kept hash puts it, and the copy neither gains nor loses a thing.
    @Test func growingFindsEveryKeyAndLeavesACopyAsItWas() {
        var dictionary = Self.filled(100)
        let copy = dictionary
        for index in 100..<5_000 { dictionary["k\(index)"] = [index] }
        #expect(dictionary.count == 5_000 && (0..<5_000).allSatisfy { dictionary["k\($0)"] == [$0] })
        #expect(copy.count == 100 && (0..<100).allSatisfy { copy["k\($0)"] == [$0] } && copy["k100"] == nil)
        dictionary["k5"]?.append(0)
        dictionary.update("k6") { $0.append(0) }
        dictionary["k7"] = nil
        #expect(dictionary["k5"] == [5, 0] && dictionary["k6"] == [6, 0] && dictionary["k7"] == nil && dictionary.count == 4_999)
        #expect(copy["k5"] == [5] && copy["k6"] == [6] && copy["k7"] == [7])
        #expect(Set(dictionary.keys).count == 4_999)
    }

    @Test func aCopyIsIndependent() {
        let original = Self.filled(300)
        var copy = original
        copy["k1"]?.append(2)
        copy["k2"] = nil
        #expect(original["k1"] == [1] && original["k2"] == [2] && original.count == 300)
        #expect(copy != original)
        copy["k1"] = [1]
        copy["k2"] = [2]
        #expect(copy == original)
        copy["k1"]?.append(2)
        copy["k2"] = nil
        #expect(copy["k1"] == [1, 2] && copy["k2"] == nil && copy.count == 299)
    }

    /// `update` changes a value where it is kept when nothing shares it, and otherwise
    /// leaves the sharer (a keyframe) as it was, as the setter does.
    @Test func updateChangesInPlaceAndLeavesCopiesAlone() {
        var playing = Self.filled(1_000)
        #expect(playing.update("absent") { $0.append(1) } == nil)
        #expect(playing["absent"] == nil && playing.count == 1_000)
        #expect(playing.update("k3") { value -> Int in
            value.append(4)
            return value.count
        } == 2)
        #expect(playing["k3"] == [3, 4])
        let keyframe = playing
        playing.update("k3") { $0.append(5) }
        playing.update("k4") { $0 = [] }
        #expect(keyframe["k3"] == [3, 4] && keyframe["k4"] == [4])
        #expect(playing["k3"] == [3, 4, 5] && playing["k4"] == [])
        #expect(playing.valuesShared(with: keyframe) == 1_000 - 2, "only the two changed values are the playing copy's own")
        // Again after the copy was changed: now in place, the keyframe still untouched.
        playing.update("k3") { $0.append(6) }
        #expect(keyframe["k3"] == [3, 4] && playing["k3"] == [3, 4, 5, 6])
    }

    /// What a replay keyframe costs: a copy changed in one place shares every other bucket and value.
    @Test func aCopyChangedOnceSharesAllButOneBucket() {
        let keyframe = Self.filled(12_000)
        var playing = keyframe
        playing["k42"]?.append(1)
        #expect(keyframe.bucketCount >= 12_000 / 8)
        let occupied = keyframe.bucketsShared(with: keyframe)
        #expect(occupied > keyframe.bucketCount / 2)
        #expect(playing.bucketsShared(with: keyframe) == occupied - 1)
        #expect(playing.valuesShared(with: keyframe) == 12_000 - 1, "the changed bucket's other values are shared too")
    }
}
