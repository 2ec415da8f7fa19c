import Testing

/// Every end-to-end suite runs one test at a time: each starts the stand-in, kubectl
/// processes and rollwatch on a 2-core machine, and receive-time windows are what
/// they check, so contention between them would only add skew.
@Suite(.serialized)
enum EndToEnd {}
