import KubeModel

extension Store {
    mutating func upsertPod(_ pod: Pod, at time: Timestamp) {
        let uid = Store.uid(of: pod)
        let name = PodName(namespace: pod.metadata.namespace, name: pod.metadata.name)
        let live = livePods[name]
        if let previous = live, previous != uid {
            // Same name, new instance (a StatefulSet pod recreated): the old one is gone.
            removePod(uid: previous, at: time, whileUnwatched: true)
        }
        // Records are changed where they are kept (`pods.update`): a copy taken out and
        // written back would make every append copy the pod's whole timeline. One lookup
        // finds the record, tells whether it is live and changes it.
        let roles = roles, cap = limits.transitionsPerPod, sharing = sharesUnchangedParts
        let updated = pods.update(uid) { record -> Bool in
            guard !record.isRemoved else { return false }
            record.take(pod, containers: PodRecord.containers(of: pod, roles: roles, previous: record), at: time, keeping: cap,
                        sharingUnchanged: sharing)
            return true
        } ?? false
        if !updated {
            let containers = PodRecord.containers(of: pod, roles: roles)
            var record = PodRecord(uid: uid, podName: name, pod: pod.withoutContainers, containers: containers, firstSeen: time,
                                   deletionRequestedAt: pod.metadata.deletionTimestamp == nil ? nil : time)
            // Slices can be received before their pod (separate streams): the membership
            // already known belongs on the new pod's timeline too.
            // Gathered in one array: joined with `+`, each part was copied again.
            var changes: [Transition.Change] = [.podSeen(phase: pod.status.phase)]
            PodDiff.append(from: nil, oldContainers: [], to: pod, newContainers: containers, into: &changes)
            for (service, membership) in (endpoints[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                changes.append(.endpoint(service: service, membership: membership))
            }
            record.append(changes, at: time, keeping: limits.transitionsPerPod)
            record.serial = uidsBySerial.count
            pods[uid] = record
            uidsBySerial.append(uid)
            instances[name, default: []].append(record.serial)
            insertInDisplayOrder(record)
        }
        // Most updates are of the pod already live under its name: nothing to write.
        if live != uid { livePods[name] = uid }
        mostLivePods = max(mostLivePods, livePods.count)
        touched(uid, .object)
    }

    /// How many gone pods the store keeps now (see `StoreLimits.keptGonePods`).
    public var keptGonePods: Int {
        limits.keptGonePods ?? max(StoreLimits.leastKeptGonePods, mostLivePods, limits.detailedGonePods)
    }

    /// Marks a record changed: for the rules (`takeChanges`, with what changed) and for
    /// views (`generation`). A record the rules have not seen (its generation is still 0)
    /// changed in every way; one at its history cap lost its oldest transitions to
    /// whatever this change appended. `change`, if given, is the change itself, made in
    /// the same visit to the record.
    mutating func touched(_ uid: String, _ inputs: PodInputs, changing change: (inout PodRecord) -> Void = { _ in }) {
        let generation = generation
        let cap = limits.transitionsPerPod
        guard let (serial, seen, cut) = pods.update(uid, { record in
            change(&record)
            let seen = record.generation != 0
            record.generation = generation
            return (record.serial, seen, record.droppedTransitions > 0 && record.transitions.count >= cap)
        }) else { return }
        var inputs = seen ? inputs : .all
        if cut { inputs.insert(.timelineCut) }
        if !untouchedChanges.isEmpty, let untouched = untouchedChanges.removeValue(forKey: uid) { inputs.formUnion(untouched) }
        changedPods[uid, default: []].formUnion(inputs)
        touchLog.append((generation, serial))
        // Small (a frame's worth of changes, and more): each replay keyframe holding a
        // copy makes the playing store copy it once. A view further behind reads every record.
        if touchLog.count > 4_096 {
            touchLogDroppedThrough = touchLog[2_047].generation
            touchLog.removeFirst(2_048)
        }
    }

    private mutating func insertInDisplayOrder(_ record: PodRecord) {
        // Pods mostly arrive in display order (a list is sorted by name, and new names
        // often sort last): one comparison with the last row settles those.
        if let last = displayOrder.last, precedes(last, record) {
            displayOrder.append(record.serial)
            return
        }
        displayOrder.insert(record.serial, at: displayPosition(of: record))
    }

    /// Where `record` is (or would go) in the display order: the first row that does not precede it.
    private func displayPosition(of record: PodRecord) -> Int {
        var low = 0
        var high = displayOrder.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(displayOrder[middle], record) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether the record with `serial` comes before `record` in display order.
    /// Compared where the records are kept: a copy of each record looked at (~14 a pod)
    /// retained and released every field of it, a tenth of the ingest of 10,000 pods.
    /// Field by field rather than as tuples, which retained and released each string.
    private func precedes(_ serial: Int, _ record: PodRecord) -> Bool {
        pods.withValue(forKey: uidsBySerial[serial]) { other in
            if other.podName.namespace != record.podName.namespace { return other.podName.namespace < record.podName.namespace }
            if other.podName.name != record.podName.name { return other.podName.name < record.podName.name }
            if other.firstSeen.microseconds != record.firstSeen.microseconds {
                return other.firstSeen.microseconds < record.firstSeen.microseconds
            }
            return other.uid < record.uid
        } ?? false
    }

    mutating func removePod(uid: String, at time: Timestamp, whileUnwatched: Bool) {
        guard let name = pods.withValue(forKey: uid, { $0.isRemoved ? nil : $0.podName }) ?? nil else { return }
        let cap = limits.transitionsPerPod
        pods.update(uid) { record in
            record.removedAt = time
            record.append([.removed(whileUnwatched: whileUnwatched)], at: time, keeping: cap)
        }
        if livePods[name] == uid { livePods[name] = nil }
        touched(uid, .removal)
        detailedGone.append(uid)
        summarizeOldGonePods()
    }

    /// Cuts the oldest gone pods beyond the limit down to their summary. Not one the
    /// rules have yet to see (removed by this same input): that waits for a later call.
    private mutating func summarizeOldGonePods() {
        while detailedGone.count > limits.detailedGonePods, changedPods[detailedGone[0]] == nil {
            let uid = detailedGone.removeFirst()
            guard let (name, serial) = pods.update(uid, { record in
                record.summarize()
                return (record.podName, record.serial)
            }) else { continue }
            if livePods[name] == nil, instances[name]?.last == serial {
                events[name] = nil
            }
            summarizedGone.append(uid)
        }
        forgetOldGonePods()
    }

    /// Drops the oldest summarized gone pods beyond `keptGonePods` from the store (its
    /// tables and display order), counting them: a day of rollouts then keeps the pods
    /// of the last few, not every pod it ever replaced.
    private mutating func forgetOldGonePods() {
        let summaryLimit = keptGonePods - limits.detailedGonePods
        while summarizedGone.count - summarizedGoneStart > summaryLimit {
            let uid = summarizedGone[summarizedGoneStart]
            summarizedGoneStart += 1
            forget(uid)
        }
        if summarizedGoneStart > 1_024, summarizedGoneStart * 2 > summarizedGone.count {
            summarizedGone.removeFirst(summarizedGoneStart)
            summarizedGoneStart = 0
        }
    }

    private mutating func forget(_ uid: String) {
        guard let record = pods[uid] else { return }
        let position = displayPosition(of: record)
        if position < displayOrder.count, displayOrder[position] == record.serial {
            displayOrder.remove(at: position)
        }
        if var serials = instances[record.podName] {
            serials.removeAll { $0 == record.serial }
            instances[record.podName] = serials.isEmpty ? nil : serials
            // Which of the name's Events belong to the live instance follows its neighbours.
            changedUntouched(record.podName, .allEvents)
        }
        pods[uid] = nil
        // The serial stays taken (views index by it), but not the uid's storage: a day
        // of rollouts then costs a slot per pod seen, not a string.
        uidsBySerial.replace(at: record.serial, with: "")
        podsNotKept += 1
        recentlyForgotten.append(record.serial)
        if recentlyForgotten.count > 4_096 { recentlyForgotten.removeFirst(2_048) }
    }

    /// Adds transitions to the live pod with this name, if there is one; `also` is what
    /// else changed about it with them.
    mutating func appendToLivePod(_ name: PodName, _ changes: [Transition.Change], at time: Timestamp, also: PodInputs = []) {
        guard let uid = livePods[name] else { return }
        let cap = limits.transitionsPerPod
        touched(uid, PodInputs.appending(changes).union(also)) { $0.append(changes, at: time, keeping: cap) }
    }

    /// Records that `inputs` of the live pod with this name changed without a touch. The
    /// rules see it when they next look at the pod: at once if the same input touched it
    /// (a list's objects are one input), else with its next touch.
    mutating func changedUntouched(_ name: PodName, _ inputs: PodInputs) {
        guard let uid = livePods[name] else { return }
        if changedPods[uid] != nil {
            changedPods[uid]!.formUnion(inputs)
        } else {
            untouchedChanges[uid, default: []].formUnion(inputs)
        }
    }
}

extension PodRecord {
    /// Keeps what the pod table and the report print of a gone pod (name, owner and
    /// revision labels, phase, readiness and gate conditions, container states) and
    /// drops the rest: timeline, annotations, probes and hooks.
    mutating func summarize() {
        droppedTransitions += transitions.count
        transitions = TransitionLog()
        let kept = ["controller-revision-hash", "pod-template-generation"]
        pod.metadata.labels = pod.metadata.labels.filter { kept.contains($0.key) }
        pod.metadata.annotations = [:]
        let conditions = Set(["Ready"] + pod.spec.readinessGates)
        pod.status.conditions = pod.status.conditions.filter { conditions.contains($0.type) }
        for index in containers.indices {
            containers[index].spec = ContainerSpec(name: containers[index].name, restartPolicy: containers[index].spec.restartPolicy)
        }
    }

    /// Takes a newer version of the pod, recording what changed; with `sharingUnchanged`,
    /// the parts equal to the older version's keep its storage (see `Store.sharesUnchangedParts`).
    mutating func take(_ newPod: Pod, containers newContainers: [ContainerRecord], at time: Timestamp, keeping cap: Int,
                       sharingUnchanged: Bool) {
        let changes = PodDiff.changes(from: pod, oldContainers: containers, to: newPod, newContainers: newContainers)
        if deletionRequestedAt == nil, newPod.metadata.deletionTimestamp != nil { deletionRequestedAt = time }
        if sharingUnchanged {
            pod = newPod.withoutContainers.sharingUnchanged(with: pod)
            containers = newContainers.sharingUnchanged(with: containers)
        } else {
            pod = newPod.withoutContainers
            containers = newContainers
        }
        append(changes, at: time, keeping: cap)
    }

    /// Appends to the timeline, dropping the oldest beyond `cap`.
    mutating func append(_ changes: [Transition.Change], at time: Timestamp, keeping cap: Int) {
        guard !changes.isEmpty else { return }
        transitions.append(changes, at: time)
        let excess = transitions.count - cap
        if excess > 0 {
            transitions.removeFirst(excess)
            droppedTransitions += excess
        }
    }
}

/// What changed between two versions of a pod, as transitions.
enum PodDiff {
    static func changes(from old: Pod?, oldContainers: [ContainerRecord], to new: Pod, newContainers: [ContainerRecord]) -> [Transition.Change] {
        // Room for the few an update makes: grown from empty, the array was made again at 1, 2 and 4.
        var changes: [Transition.Change] = []
        changes.reserveCapacity(4)
        append(from: old, oldContainers: oldContainers, to: new, newContainers: newContainers, into: &changes)
        return changes
    }

    /// `changes(from:oldContainers:to:newContainers:)` appended to `changes`.
    static func append(from old: Pod?, oldContainers: [ContainerRecord], to new: Pod, newContainers: [ContainerRecord],
                       into changes: inout [Transition.Change]) {
        if let node = new.spec.nodeName, node != old?.spec.nodeName { changes.append(.scheduled(node: node)) }
        if let ip = new.status.podIP, ip != old?.status.podIP { changes.append(.podIP(ip)) }
        if let old, old.status.phase != new.status.phase { changes.append(.phase(new.status.phase)) }
        // Conditions compared where they are kept: each taken out (the loop's and the older
        // one found by type) was a copy of its strings.
        let conditions = new.status.conditions, oldConditions = old?.status.conditions ?? []
        for index in conditions.indices {
            let before = oldConditions.firstIndex { $0.type == conditions[index].type }
            if before.map({ oldConditions[$0].status }) != conditions[index].status
                || before.flatMap({ oldConditions[$0].reason }) != conditions[index].reason {
                changes.append(.condition(type: conditions[index].type, status: conditions[index].status, reason: conditions[index].reason))
            }
        }
        // By index, and only the statuses: a whole `ContainerRecord` copied out (spec,
        // probes, hooks) for each container of each input cost more than the comparisons.
        for index in newContainers.indices {
            guard let status = newContainers[index].status else { continue }
            let name = newContainers[index].name
            let before = oldContainers.firstIndex { $0.name == name }.flatMap { oldContainers[$0].status }
            if before?.state.kind != status.state.kind || before?.state.reason != status.state.reason {
                changes.append(.containerState(container: name, state: status.state.kind, reason: status.state.reason))
            }
            if (before?.ready ?? false) != status.ready {
                changes.append(.containerReady(container: name, ready: status.ready))
            }
            if let started = status.started, before?.started != started, started || before?.started == true {
                changes.append(.containerStarted(container: name, started: started))
            }
            if status.restartCount > (before?.restartCount ?? 0) {
                changes.append(.containerRestarted(container: name, restarts: status.restartCount))
            }
        }
        if old?.metadata.deletionTimestamp == nil, new.metadata.deletionTimestamp != nil {
            changes.append(.deletionRequested(gracePeriodSeconds: new.metadata.deletionGracePeriodSeconds))
        }
    }
}
