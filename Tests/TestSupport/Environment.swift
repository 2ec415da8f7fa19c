#if canImport(Glibc)
import Glibc
#endif
import Runtime

public enum Environment {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A private directory for one test's files, removed when the value goes away.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        var template = Array("/tmp/rollwatch-test-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    deinit {
        // Nested directories too (theme tests make some): rm -r, never through a shell.
        if let child = try? ChildProcess.spawn("rm", ["-rf", path]) { _ = child.collectOutput(timeout: 30) }
    }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to a file in this directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let filePath = file(name)
        writeText(text, to: filePath, mode: 0o600)
        return filePath
    }
}

/// The bytes of a file, or nil when it cannot be read.
public func readBytes(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 { return nil }
        if count == 0 { return bytes }
        bytes.append(contentsOf: chunk[0..<count])
    }
}

/// The text of a file, or nil when it cannot be read.
public func readText(_ path: String) -> String? {
    readBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

/// The names in a directory (without `.` and `..`), or nil when it cannot be read.
public func directoryEntries(_ path: String) -> [String]? {
    guard let directory = opendir(path) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != ".", name != ".." { names.append(name) }
    }
    return names
}

/// `mkdir -p`.
public func mkdirPath(_ path: String) -> Bool {
    var current = ""
    for part in path.split(separator: "/") {
        current += "/" + part
        if mkdir(current, 0o755) != 0, errno != EEXIST { return false }
    }
    return true
}

/// Creates or truncates `path` and writes all of `text` (a test helper: it stops the test on failure).
public func writeText(_ text: String, to path: String, mode: mode_t = 0o644) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
    precondition(fd >= 0, "cannot create \(path)")
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        precondition(written > 0, "cannot write \(path)")
        bytes = bytes.dropFirst(written)
    }
    close(fd)
}
