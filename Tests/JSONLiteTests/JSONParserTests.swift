import JSONLite
import Testing

struct JSONParserTests {
    let parser = JSONParser()

    @Test func parsesEveryKindOfValue() throws {
        let value = try parser.parse(#"{"a":[1,-2.5,true,false,null,"x"],"b":{"c":1e3}}"#)
        #expect(value == ["a": [1, -2.5, true, false, nil, "x"], "b": ["c": 1000]])
        #expect(value["b"]["c"].int == 1000)
        #expect(value["missing"]["deeper"] == .null)
    }

    @Test func keepsMemberOrder() throws {
        let value = try parser.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.object?.keys == ["z", "a", "m"])
        #expect(value.serialized() == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parser.parse(#""tab\t quote\" slash\/ \u00e9 \ud83d\ude80 \u001b""#)
        #expect(value.string == "tab\t quote\" slash/ é 🚀 \u{1B}")
    }

    @Test func loneSurrogateBecomesReplacementCharacter() throws {
        #expect(try parser.parse(#""\ud800x""#).string == "\u{FFFD}x")
    }

    @Test func invalidUTF8BecomesReplacementCharacterNotAnError() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0xFE, 0x62, 0x22]
        #expect(try parser.parse(bytes).string == "a\u{FFFD}\u{FFFD}b")
    }

    @Test(arguments: ["", "{", "[1,]", #"{"a" 1}"#, "tru", "01x", #"{"a":1}}"#, "\"raw\u{01}control\"", "[1 2]", "-"])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try parser.parse(text) }
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try parser.parse(deep) }
    }

    @Test func skipsNamedMembersWithoutBuildingThem() throws {
        let skipping = JSONParser(skippingKeys: ["managedFields"])
        let value = try skipping.parse(#"{"metadata":{"name":"p","managedFields":[{"f:spec":{"}":"[\"x"}}],"uid":"u"}}"#)
        #expect(value == ["metadata": ["name": "p", "uid": "u"]])
    }

    @Test func skippedMembersMustStillBeWellFormed() {
        let skipping = JSONParser(skippingKeys: ["managedFields"])
        #expect(throws: JSONParseError.self) { try skipping.parse(#"{"managedFields":[{"a":1]}"#) }
    }

    @Test func serializationEscapesControlCharactersIncludingC1() throws {
        let value: JSON = ["m": .string("a\u{1B}[2Jb\u{9B}c\n\"")]
        let text = value.serialized()
        #expect(text == #"{"m":"a\u001b[2Jb\u009bc\n\""}"#)
        #expect(try parser.parse(text) == value)
    }

    @Test func largeIntegersAndFractionsRoundTrip() throws {
        let value = try parser.parse("[9007199254740991, 0.1, -0, 123456789012]")
        #expect(try parser.parse(value.serialized()) == value)
        #expect(value.array[3].int == 123_456_789_012)
    }
}
