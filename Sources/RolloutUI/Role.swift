/// What a piece of text *means* on screen. Themes map these to colours and
/// attributes; widgets only ever say which role they draw (htop's ColorElements).
public enum Role: String, Sendable, CaseIterable, Hashable {
    case text
    case dim
    case border
    case title
    case header
    case headerAccent = "header-accent"
    case selection
    case keyHint = "key-hint"
    case live
    case replay
    case paused
    case critical
    case warning
    case info
    case ok
    case error
    case revisionNew = "revision-new"
    case revisionOld = "revision-old"
    case containerApp = "container-app"
    case containerSidecar = "container-sidecar"
    case containerInit = "container-init"
    case containerNotReady = "container-not-ready"
    case containerWaiting = "container-waiting"
    case containerFailed = "container-failed"
    case endpointReady = "endpoint-ready"
    case endpointServing = "endpoint-serving"
    case endpointTerminating = "endpoint-terminating"
    case endpointAbsent = "endpoint-absent"
    case gateTrue = "gate-true"
    case gateFalse = "gate-false"
    case laneRunning = "lane-running"
    case laneReady = "lane-ready"
    case laneWaiting = "lane-waiting"
    case eventMarker = "event-marker"
    case hazardCritical = "hazard-critical"
    case hazardWarning = "hazard-warning"
    case hazardInfo = "hazard-info"
    case filter
    case cursor
}
