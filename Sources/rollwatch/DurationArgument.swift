import ArgumentParser

/// A span of time as the command line takes it: `20s`, `1m30s`, `2m`, `500ms`, `1h`, or plain seconds.
/// Not named `Duration`, which would shadow `Swift.Duration` throughout the module.
struct DurationArgument: ExpressibleByArgument, Equatable {
    var seconds: Double

    init(seconds: Double) {
        self.seconds = seconds
    }

    init?(argument: String) {
        if let plain = Double(argument) {
            guard plain > 0 else { return nil }
            seconds = plain
            return
        }
        var total = 0.0
        var number = ""
        var rest = Substring(argument)
        while let character = rest.first {
            if character.isNumber || character == "." {
                number.append(character)
                rest.removeFirst()
                continue
            }
            let unit: Double
            if rest.hasPrefix("ms") { unit = 0.001; rest.removeFirst(2) }
            else if rest.hasPrefix("h") { unit = 3600; rest.removeFirst() }
            else if rest.hasPrefix("m") { unit = 60; rest.removeFirst() }
            else if rest.hasPrefix("s") { unit = 1; rest.removeFirst() }
            else { return nil }
            guard let value = Double(number) else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        seconds = total
    }
}

extension DurationArgument {
    /// As a user would write it: `90s` → `1m30s`.
    var text: String {
        let whole = Int(seconds.rounded())
        guard seconds >= 1, Double(whole) == seconds else { return "\(seconds)s" }
        var parts = ""
        if whole >= 3600 { parts += "\(whole / 3600)h" }
        if whole % 3600 >= 60 { parts += "\(whole % 3600 / 60)m" }
        if whole % 60 > 0 || parts.isEmpty { parts += "\(whole % 60)s" }
        return parts
    }
}
