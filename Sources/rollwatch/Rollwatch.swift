import ArgumentParser

struct Rollwatch: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "rollwatch",
        abstract: "Watch a Kubernetes rollout and name the races that cause 502/503s and ECONNREFUSED.",
        discussion: """
            rollwatch runs kubectl (argv, never a shell) and reads its JSON watch streams, so every \
            kubeconfig, auth plugin and context that works for kubectl works here.

            Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, \
            2 usage or input error, 3 cluster unreachable (kubectl missing, failing or refused).
            """,
        version: version,
        subcommands: [LiveCommand.self, ReplayCommand.self, ReportCommand.self, RecordCommand.self, DemoCommand.self,
                      ThemesCommand.self],
        defaultSubcommand: LiveCommand.self
    )
}
