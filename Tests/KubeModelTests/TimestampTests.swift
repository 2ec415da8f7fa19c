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

    @Test func clockStringForEvidence() {
        #expect(Timestamp(rfc3339: "2024-05-01T14:23:11.25Z")?.clockString() == "14:23:11.2")
    }
}
