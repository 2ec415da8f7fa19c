/// What a `RolloutView` keeps from frame to frame so that a frame redoes only what
/// changed: the pod rows, the findings as frames read them, the grouping, and the
/// failures no finding explains.
final class ViewCaches {
    let rows = PodRowCache()
    let findings = FindingsCache()
    let grouping = PodGroupingCache()
    let unexplained = UnexplainedCache()
}
