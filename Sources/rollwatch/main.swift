import ArgumentParser

// ArgumentParser exits 64 on usage errors; rollwatch's contract (SPEC §5) says 2,
// and every failure is one line on stderr.
do {
    var command = try Rollwatch.parseAsRoot()
    try command.run()
} catch let failure as Failure {
    if !failure.quiet { printError("rollwatch: \(failure.message)") }
    exitProcess(failure.exitCode)
} catch {
    let code = Rollwatch.exitCode(for: error)
    if code == .success {
        print(Rollwatch.fullMessage(for: error))
        exitProcess(0)
    }
    if code == .validationFailure || Rollwatch.message(for: error).hasPrefix("Error:") || code.rawValue == 64 {
        let message = Rollwatch.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
        printError("rollwatch: \(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message) (see rollwatch --help)")
        exitProcess(Failure.usageExit)
    }
    exitProcess(code.rawValue)
}
