/// A point in time in microseconds since the Unix epoch, UTC. Microseconds are
/// what recordings keep; Kubernetes object times have whole seconds.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public init(seconds: Double) {
        microseconds = Int64((seconds * 1_000_000).rounded())
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    public var seconds: Double { Double(microseconds) / 1_000_000 }

    /// Seconds from `earlier` to this time (negative when `earlier` is later).
    public func seconds(since earlier: Timestamp) -> Double {
        Double(microseconds - earlier.microseconds) / 1_000_000
    }

    public func adding(seconds: Double) -> Timestamp {
        Timestamp(microseconds: microseconds + Int64((seconds * 1_000_000).rounded()))
    }

    public var description: String { rfc3339(fractionDigits: 6) }
}

extension Timestamp {
    /// Parses RFC 3339 as Kubernetes writes it: `2024-05-01T15:23:10Z`, with optional
    /// fractional seconds and a numeric offset. Returns nil for anything else.
    public init?(rfc3339 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Timestamp(rfc3339Bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// The same from the bytes of the text, so a decoder reading a time out of a
    /// document need not make a String of it first.
    public init?(rfc3339Bytes utf8: UnsafeRawBufferPointer) {
        guard utf8.count >= 20, let first = utf8.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        // Digits read through the base address: every range asked is inside the count
        // checked above or below, and the buffer's subscript checked each byte again
        // (a decoder reads several times per object: ~500 instructions each).
        @inline(__always)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = first[index] &- 48
                guard digit <= 9 else { return nil }
                value = value &* 10 &+ Int(digit)
            }
            return value
        }
        guard utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
              utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: "t") || utf8[10] == UInt8(ascii: " "),
              utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < utf8.count, utf8[index] >= 48, utf8[index] <= 57 {
                if digits < 6 { fraction = fraction * 10 + Int64(utf8[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { fraction *= 10 }
        }
        guard index < utf8.count else { return nil }
        var offsetSeconds = 0
        switch utf8[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == utf8.count, utf8[index + 3] == UInt8(ascii: ":"),
                  let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6)
            else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (utf8[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        default:
            return nil
        }
        guard index == utf8.count else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let total = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        microseconds = total * 1_000_000 + fraction
    }

    /// Whether `rfc3339` writes the year in four digits (years 0 to 9999): then its clock
    /// part starts at the eleventh byte, as `clockString` writes it.
    public var hasFourDigitYear: Bool {
        (0...9999).contains(Timestamp.civilFromDays(Int(dayAndTime.day)).0)
    }

    /// RFC 3339 in UTC with 0 (seconds), 3 or 6 fraction digits.
    public func rfc3339(fractionDigits: Int = 0) -> String {
        let (dayNumber, second, fraction) = dayAndTime
        let (year, month, day) = Timestamp.civilFromDays(Int(dayNumber))
        let clock = clock(second: second, fraction: fraction, fractionDigits: fractionDigits)
        guard (0...9999).contains(year) else {
            return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + clock + "Z"
        }
        // Four-digit years (all of them but in tests): written as bytes into one String,
        // as `clock` is. Reports write one for each piece of evidence.
        let clockBytes = clock.utf8
        return String(unsafeUninitializedCapacity: 12 + clockBytes.count) { buffer in
            func digits(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            digits(year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            digits(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            digits(day, 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            var at = 11
            for byte in clockBytes {
                buffer[at] = byte
                at += 1
            }
            buffer[at] = UInt8(ascii: "Z")
            return at + 1
        }
    }

    /// `HH:MM:SS.s` in UTC, the clock people read in evidence lines: the time part of
    /// `rfc3339(fractionDigits:)`, made without the date (rules make it on every update).
    public func clockString(fractionDigits: Int = 1) -> String {
        let (_, second, fraction) = dayAndTime
        return clock(second: second, fraction: fraction, fractionDigits: fractionDigits)
    }

    /// Days since the epoch, the second of that day and the microseconds of that second, all floored.
    private var dayAndTime: (day: Int64, second: Int64, fraction: Int64) {
        let (wholeSeconds, micros) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        var seconds = wholeSeconds
        var fraction = micros
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000_000
        }
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        var dayNumber = days
        var second = secondOfDay
        if second < 0 {
            dayNumber -= 1
            second += 86_400
        }
        return (dayNumber, second, fraction)
    }

    /// `HH:MM:SS` and, for `fractionDigits` > 0, `.` and that many (at most 6) digits of
    /// the second, truncated: written as bytes into a String of at most 15 (held inline,
    /// no allocation). `second` is of one day (0..<86,400) and `fraction` in microseconds,
    /// so every field has its fixed width.
    private func clock(second: Int64, fraction: Int64, fractionDigits: Int) -> String {
        let digits = fractionDigits > 0 ? min(fractionDigits, 6) : 0
        var scaled = fraction
        if digits > 0 { for _ in digits..<6 { scaled /= 10 } }
        let count = digits > 0 ? 9 + digits : 8
        return String(unsafeUninitializedCapacity: count) { buffer in
            func twoDigits(_ value: Int64, at offset: Int) {
                buffer[offset] = UInt8(ascii: "0") + UInt8(value / 10)
                buffer[offset + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            twoDigits(second / 3600, at: 0)
            buffer[2] = UInt8(ascii: ":")
            twoDigits(second / 60 % 60, at: 3)
            buffer[5] = UInt8(ascii: ":")
            twoDigits(second % 60, at: 6)
            if digits > 0 {
                buffer[8] = UInt8(ascii: ".")
                for offset in stride(from: 8 + digits, to: 8, by: -1) {
                    buffer[offset] = UInt8(ascii: "0") + UInt8(scaled % 10)
                    scaled /= 10
                }
            }
            return count
        }
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
