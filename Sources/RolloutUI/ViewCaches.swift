/// What a `RolloutView` keeps from frame to frame so that a frame redoes only what
/// changed: the pod rows, the findings as frames read them, and the grouping.
final class ViewCaches {
    let rows = PodRowCache()
    let findings = FindingsCache()
    let grouping = PodGroupingCache()
}
