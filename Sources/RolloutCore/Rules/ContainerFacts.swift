/// What the rules ask of a container on every update of every pod, read field by field
/// where the pod's record keeps the container. A `ContainerRecord` is ~370 bytes with a
/// dozen strings: handed whole to a rule's test it was copied (and released after) for
/// every container of every pod asked, ~600 instructions each time.
struct ContainerFacts {
    var role: ContainerRole
    var isInitContainer: Bool
    var ready: Bool
    /// The kubelet's `started` (startup probe passed), false when not said.
    var started: Bool
    var isRunning: Bool
    var hasReadinessProbe: Bool

    init(of container: UnsafePointer<ContainerRecord>) {
        role = container.pointee.role
        isInitContainer = container.pointee.isInitContainer
        ready = container.pointee.status?.ready ?? false
        started = container.pointee.status?.started == true
        isRunning = container.pointee.status?.state.isRunning ?? false
        hasReadinessProbe = container.pointee.spec.readinessProbe != nil
    }
}

extension PodRecord {
    /// Whether any container's facts pass `test`.
    func hasContainer(where test: (ContainerFacts) -> Bool) -> Bool {
        containers.withUnsafeBufferPointer { buffer in
            guard let first = buffer.baseAddress else { return false }
            for index in buffer.indices where test(ContainerFacts(of: first + index)) { return true }
            return false
        }
    }

    /// The names of the containers whose facts pass `test`, in order.
    func containerNames(where test: (ContainerFacts) -> Bool) -> [String] {
        containers.withUnsafeBufferPointer { buffer in
            var names: [String] = []
            guard let first = buffer.baseAddress else { return names }
            for index in buffer.indices where test(ContainerFacts(of: first + index)) { names.append(first[index].name) }
            return names
        }
    }
}
