import KubeModel
import RolloutCore

extension ReportPage {
    /// The axis, then (for a big rollout) the summary, then a row per drawn pod, grouped
    /// by revision: new, old, then pods of no watched workload.
    func writeTimeline<Sink: ReportSink>(to output: inout Sink) {
        let store = report.store
        output.write("<section id=\"timeline\"><h2>Timeline</h2>\n")
        output.write("<p class=\"legend dim\"><span><i class=\"c-ready\"></i>ready</span><span><i class=\"c-running\"></i>running, not ready</span>"
            + "<span><i class=\"c-waiting\"></i>waiting / False</span><span><i class=\"e-serving\"></i>serving</span>"
            + "<span><i class=\"e-terminating\"></i>terminating</span><span><i class=\"ev\"></i>event</span>"
            + "<span><i class=\"hz-critical\"></i>finding window</span></p>\n")
        output.write("<div class=\"axis\">" + AxisDrawing(axis: axis, milestones: milestones).svg() + "</div>\n")
        let everyPod = drawn.count == store.pods.count
        if !everyPod {
            let withFindings = findingsOfPod.count
            let which = withFindings > drawn.count ? "the \(drawn.count) most severe of the \(withFindings) pods with findings are"
                : "the pods with findings (\(withFindings)) are"
            output.write("<p>\(store.pods.count) pods: \(which) drawn in full, the rest counted per revision below; "
                + "every pod is in the <a href=\"#pods\">pod table</a>.</p>\n")
            output.write("<div class=\"row\">" + RevisionSummary(store: store, axis: axis).svg(milestones: milestones) + "</div>\n")
        }
        var groups: [Revision: [PodRecord]] = [:]
        for record in store.orderedPods where drawn.contains(record.serial) {
            groups[store.revision(of: record), default: []].append(record)
        }
        let failed = failedSecondsOfDrawnPods(groups.values.flatMap { $0 })
        let scale = failed.values.flatMap { $0.map(\.failed) }.max() ?? 1
        for revision in [Revision.new, .old, .unknown] {
            guard let records = groups[revision] else { continue }
            let name = revision == .new ? "New revision" : revision == .old ? "Old revision" : "Pods of no watched workload"
            output.write("<h3>\(name) (\(records.count))</h3>\n")
            for record in records {
                let drawing = PodRowDrawing(record: record, axis: axis,
                                            findings: (findingsOfPod[record.uid] ?? []).map { ($0, findings[$0]) },
                                            milestones: milestones, failedSeconds: failed[record.uid] ?? [], failedScale: scale,
                                            hasTraffic: report.traffic != nil, namesNamespace: spansNamespaces)
                output.write("<div class=\"row\" id=\"pod-\(record.serial)\">" + drawing.svg() + "</div>\n")
            }
        }
        output.write("</section>\n")
    }

    /// Seconds with failed requests of each drawn pod, from the access logs (none without).
    private func failedSecondsOfDrawnPods(_ records: [PodRecord]) -> [String: [(second: Int64, failed: Int)]] {
        guard let traffic = report.traffic else { return [:] }
        var result: [String: [(second: Int64, failed: Int)]] = [:]
        for record in records {
            result[record.uid] = traffic.failedSeconds(of: record.podName, from: record.firstSeen, to: record.removedAt ?? axis.end)
        }
        return result
    }
}
