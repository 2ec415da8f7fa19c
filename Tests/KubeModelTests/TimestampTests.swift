import KubeModel
import Testing

struct TimestampTests {
    @Test func parsesKubernetesTimes() throws {
        let time = try #require(Timestamp(rfc3339: "2024-05-01T15:23:10Z"))
        #expect(time.microseconds == 1_714_576_990_000_000)
        #expect(time.rfc3339() == "2024-05-01T15:23:10Z")
    }

    @Test func keepsMicrosecondsAndOffsets() throws {
        let time = try #require(Timestamp(rfc3339: "2024-05-01T17:23:10.123456+02:00"))
        #expect(time.rfc3339(fractionDigits: 6) == "2024-05-01T15:23:10.123456Z")
        #expect(time.rfc3339(fractionDigits: 3) == "2024-05-01T15:23:10.123Z")
        #expect(Timestamp(rfc3339: "2024-05-01T15:23:10.5Z")?.microseconds == 1_714_576_990_500_000)
    }

    @Test func roundTripsAcrossLeapYearsAndEpoch() {
        for text in ["1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2024-12-31T00:00:00Z", "2100-03-01T12:00:00Z", "1969-12-31T23:59:59Z"] {
            #expect(Timestamp(rfc3339: text)?.rfc3339() == text)
        }
    }

    @Test(arguments: ["", "2024-05-01", "2024-05-01T15:23:10", "2024-13-01T00:00:00Z", "2024-05-01T15:23:10.Z", "2024-05-01T15:23:10Zjunk", "yesterday"])
    func rejectsWhatIsNotRFC3339(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    /// Four-digit years are written as bytes; others (before year 0, after 9999) the long
    /// way: both give what the padded fields give.
    @Test func rfc3339WritesEveryYearAsItsPaddedFields() {
        #expect(Timestamp(microseconds: -62_135_596_800_000_000).rfc3339() == "0001-01-01T00:00:00Z")
        #expect(Timestamp(microseconds: -62_167_219_200_000_000).rfc3339(fractionDigits: 1) == "0000-01-01T00:00:00.0Z")
        #expect(Timestamp(microseconds: -62_167_219_200_000_001).rfc3339() == "00-1-12-31T23:59:59Z", "as it always was")
        #expect(Timestamp(microseconds: 253_402_300_799_999_999).rfc3339(fractionDigits: 3) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(microseconds: 253_402_300_800_000_000).rfc3339() == "10000-01-01T00:00:00Z")
        #expect(Timestamp(microseconds: 1_714_576_990_000_007).rfc3339(fractionDigits: 6) == "2024-05-01T15:23:10.000007Z")
    }

    @Test func clockStringForEvidence() {
        #expect(Timestamp(rfc3339: "2024-05-01T14:23:11.25Z")?.clockString() == "14:23:11.2")
    }

    /// The clock is written as bytes: it must be the time part of `rfc3339` (made the
    /// long way, digits padded as Strings) for any time, before 1970 too, and any width.
    @Test func clockStringIsTheTimeOfRFC3339() {
        let samples: [Int64] = [0, 1, 999_999, 1_000_000, 59_999_999, 86_399_999_999, 86_400_000_000, -1, -1_000_001,
                                -86_400_000_000, 1_790_000_123_456_789, 1_714_573_390_123_456, -62_135_596_800_000_000]
        for micros in samples + (0..<200).map { Int64($0) * 7_777_777_777 + Int64($0 % 7) * 123_457 } {
            let time = Timestamp(microseconds: micros)
            for digits in -1...7 {
                let full = time.rfc3339(fractionDigits: digits)
                guard let t = full.firstIndex(of: "T") else { Issue.record("no T in \(full)"); continue }
                let expected = String(full[full.index(after: t)...].dropLast())
                #expect(time.clockString(fractionDigits: digits) == expected, "\(micros) \(digits)")
                #expect(Self.paddedClock(micros, digits) == expected, "\(micros) \(digits)")
            }
        }
    }

    /// The clock as it was made before: each field a padded String.
    static func paddedClock(_ micros: Int64, _ fractionDigits: Int) -> String {
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        var second = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { second -= 1; fraction += 1_000_000 }
        second %= 86_400
        if second < 0 { second += 86_400 }
        var text = pad(second / 3600, 2) + ":" + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2)
        if fractionDigits > 0 {
            let digits = min(fractionDigits, 6)
            var scaled = fraction
            for _ in digits..<6 { scaled /= 10 }
            text += "." + pad(scaled, digits)
        }
        return text
    }

    /// A report's evidence clock is written from the time where the year has four digits
    /// (other years cut it from the RFC 3339 text, as before), and must be the clock part
    /// of the RFC 3339 text it stands for.
    @Test func theClockIsTheClockPartOfRFC3339InFourDigitYears() {
        var state: UInt64 = 0x853C_49E6_748F_EA9B
        var fourDigitYears = 0
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Microseconds from before year 0 to after 9999.
            let microseconds = Int64(bitPattern: state) % 400_000_000_000_000_000
            let time = Timestamp(microseconds: microseconds)
            let text = time.rfc3339(fractionDigits: 3)
            if time.hasFourDigitYear {
                fourDigitYears += 1
                #expect(time.clockString(fractionDigits: 1) == String(text.dropFirst(11).prefix(10)), "\(text)")
            }
        }
        #expect(fourDigitYears > 1_000 && fourDigitYears < 19_000, "\(fourDigitYears)")
    }
}

