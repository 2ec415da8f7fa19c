import SystemPackage

/// Result of reading from a non-blocking descriptor.
public enum ReadResult: Equatable {
    case bytes(Int)
    case wouldBlock
    case endOfFile
}

/// Reads what is available from a non-blocking descriptor into `buffer`. An
/// interrupted read is retried; an error other than "nothing yet" ends the input.
public func readAvailable(_ fd: Int32, into buffer: inout [UInt8]) -> ReadResult {
    do {
        let count = try buffer.withUnsafeMutableBytes { try FileDescriptor(rawValue: fd).read(into: $0) }
        return count > 0 ? .bytes(count) : .endOfFile
    } catch let error as Errno where error == .wouldBlock || error == .resourceTemporarilyUnavailable {
        return .wouldBlock
    } catch {
        return .endOfFile
    }
}
