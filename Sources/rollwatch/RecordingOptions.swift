import ArgumentParser
import KubeWatch
import Recording
import KubeModel

/// How a session is written to a file: shared by `record -o` and the live view's `--record`.
struct RecordingOptions: ParsableArguments {
    @Flag(help: "Replace the recording file if it exists (never through a symbolic link).")
    var force = false

    @Flag(name: .customLong("record-raw"), help: "Keep everything in the recording: env values, commands, all annotations, managedFields. Do not share such a file.")
    var recordRaw = false

    /// Creates the file and writes its header.
    func open(_ path: String, plan: WatchPlan, cluster: ClusterOptions, kubectl: Kubectl) throws -> RecordingWriter {
        if recordRaw {
            printError("rollwatch: warning: --record-raw keeps secrets (env values, commands, last-applied-configuration) in \(path)")
        }
        let header = RecordingHeader(created: .now(), context: cluster.context, namespace: plan.namespace,
                                     target: plan.target?.description, kubectl: kubectl.executable, redacted: !recordRaw)
        do {
            return try RecordingWriter(path: path, header: header, replacing: force)
        } catch {
            throw Failure.usage(error.description)
        }
    }
}
