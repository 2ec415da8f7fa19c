/// What the tracker keeps conditions of: one pod instance (by uid) or one Service.
/// Its hash is worked out once, when it is made: the engine looks a touched pod's
/// subject up several times per input (the rules it holds, its workloads, its
/// conditions), and each lookup hashed the uid again, after a "pod:" + uid was made.
struct FindingSubject: Hashable, Sendable {
    private enum Kind: UInt8 {
        case pod
        case service
        /// Any name, for tests that drive the tracker with observations alone.
        case named
    }

    private let kind: Kind
    private let id: String
    private let hashOfID: Int

    private init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
        var hasher = Hasher()
        hasher.combine(kind)
        hasher.combine(id)
        hashOfID = hasher.finalize()
    }

    static func pod(uid: String) -> FindingSubject { FindingSubject(.pod, uid) }
    static func service(_ key: ServiceKey) -> FindingSubject { FindingSubject(.service, key.description) }
    static func named(_ name: String) -> FindingSubject { FindingSubject(.named, name) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hashOfID)
    }

    static func == (lhs: FindingSubject, rhs: FindingSubject) -> Bool {
        lhs.hashOfID == rhs.hashOfID && lhs.kind == rhs.kind && lhs.id == rhs.id
    }
}
