import JSONLite

/// Strings from the cluster are made safe for a terminal once, where they are
/// decoded, so everything downstream (the store, the rules' summaries and
/// evidence, the report model, every widget) can print them as they are.
///
/// The invariant: every string a KubeModel object holds that rollwatch may show
/// (names, namespaces, container names, phases, condition types and statuses,
/// reasons, messages, event types and sources, IPs, node names, owner and target
/// references, the Service name of a slice) has passed through `sanitizedForTerminal`:
/// it holds no control character, escape sequence or bidi control. Free text is also
/// bounded (see `FreeText`), and cut before it is cleaned, as reports always did.
///
/// Plain `String`s rather than a wrapper type: rules compare these strings with
/// Kubernetes' own words (`"Unhealthy"`, `"Always"`, gate types) and with each other
/// (a slice's targetRef with a pod's name) far more often than they print them, and
/// one decoding function for both sides of each comparison keeps identities
/// matching. What stays raw is what is never shown and must round-trip to the API
/// server or match raw values: uids, resourceVersions, labels, annotations,
/// selectors, node selectors and toleration keys, revision hashes.
///
/// The renderers keep a last guard of their own (`Screen.put`, `ReportRenderer`), so
/// a string that slipped past this one still cannot drive the terminal.
extension JSON {
    /// A name-like member, made terminal-safe.
    var clusterString: String? { string.map(\.sanitizedForTerminal) }

    /// A free-text member, cut to `FreeText.limit`, then made terminal-safe.
    var freeText: String? { string.map { FreeText.bounded($0).sanitizedForTerminal } }
}

/// The last string read through `JSONScanner.clusterString(memo:)` at one place, as
/// decoded and as made terminal-safe: where a document repeats one name many times
/// (the kind and namespace of every endpoint of a slice), the next read is a compare.
struct ClusterStringMemo {
    var last: (decoded: String, sanitized: String)?
}
