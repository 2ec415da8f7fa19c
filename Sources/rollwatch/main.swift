import ArgumentParser

// rollwatch's own failures carry their SPEC §5 exit code. Everything else comes from
// ArgumentParser, and its exitCode(for:) sorts it: .success for help and --version,
// .validationFailure (EX_USAGE, 64) for every usage error — unknown flag, bad value,
// missing argument, a ValidationError from validate(). The contract says usage errors
// exit 2 with one line on stderr, so that one code is mapped; the rest pass through.

/// The first line of ArgumentParser's bare message for `error` (`fullMessage` adds
/// "Error: " and the usage), or nil when it has none.
func firstLine(of error: Error) -> String? {
    Rollwatch.message(for: error).split(separator: "\n").first.map(String.init)
}

do {
    var command = try Rollwatch.parseAsRoot()
    try command.run()
} catch let failure as Failure {
    if !failure.quiet { printError("rollwatch: \(failure.message)") }
    exitProcess(failure.exitCode)
} catch {
    switch Rollwatch.exitCode(for: error) {
    case .success:
        print(Rollwatch.fullMessage(for: error))
        exitProcess(0)
    case .validationFailure:
        // The first line is what a user needs next to the pointer to --help.
        printError("rollwatch: \(firstLine(of: error) ?? "invalid arguments") (see rollwatch --help)")
        exitProcess(Failure.usageExit)
    case let code where error is ExitCode:
        exitProcess(code.rawValue)
    default:
        // An error no command turned into a Failure: still one line that says it, and
        // the input-error code rather than 1, which means "findings".
        printError("rollwatch: \(firstLine(of: error) ?? "\(error)")")
        exitProcess(Failure.usageExit)
    }
}
