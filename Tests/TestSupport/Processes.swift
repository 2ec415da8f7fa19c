#if canImport(Glibc)
import Glibc
#endif
import Runtime

/// The process list, read from /proc as `ps` would: how tests check that no
/// kubectl outlives rollwatch and how much CPU a process has used.
public enum Processes {
    /// Every process whose argument list satisfies `matches`, by pid.
    public static func matching(_ matches: ([String]) -> Bool) -> [Int32] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var pids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = Int32(name), let commandLine = readBytes("/proc/\(name)/cmdline") else { continue }
            let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if !arguments.isEmpty, matches(arguments) { pids.append(pid) }
        }
        return pids
    }

    /// User plus system CPU time of `pid` so far, in clock ticks (1/100 s), or nil once it is gone.
    public static func cpuTicks(_ pid: Int32) -> Int? {
        guard let stat = readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// The parent of `pid`, or nil once it is gone.
    public static func parent(of pid: Int32) -> Int32? {
        guard let stat = readText("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": state is field 3, ppid 4.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    /// Bytes `pid` has passed to read(2) and write(2) so far, whatever the descriptor
    /// (`rchar` and `wchar` of /proc/PID/io), or nil once it is gone.
    public static func bytesMoved(_ pid: Int32) -> (read: Int, written: Int)? {
        guard let io = readText("/proc/\(pid)/io") else { return nil }
        var fields: [Substring: Int] = [:]
        for line in io.split(separator: "\n") {
            let parts = line.split(separator: ":")
            if parts.count == 2 { fields[parts[0]] = Int(parts[1].filter(\.isNumber)) }
        }
        guard let read = fields["rchar"], let written = fields["wchar"] else { return nil }
        return (read, written)
    }
}

/// kubectl processes started with this kubeconfig: the ones a rollwatch run owns.
public func kubectlChildren(of kubeconfig: String) -> [Int32] {
    Processes.matching { $0[0].contains("kubectl") && $0.contains(kubeconfig) }
}

/// rollwatch processes started with this kubeconfig.
public func rollwatchProcesses(using kubeconfig: String) -> [Int32] {
    Processes.matching { $0[0].hasSuffix("rollwatch") && $0.contains(kubeconfig) }
}

/// Waits (bounded polling of /proc) until none of `pids` is alive any more.
public func waitUntilGone(_ pids: [Int32], timeout: Double = 20) -> Bool {
    waitUntil(timeout: timeout) { pids.allSatisfy { kill($0, 0) != 0 && errno == ESRCH } }
}

/// Polls `condition` every `interval` seconds until it holds (true) or `timeout`
/// seconds pass (false): a bounded wait on something observable, never a fixed sleep.
public func waitUntil(timeout: Double, interval: Double = 0.05, _ condition: () -> Bool) -> Bool {
    let deadline = MonotonicInstant.now().adding(timeout)
    while MonotonicInstant.now() < deadline {
        if condition() { return true }
        // Whole seconds apart: tv_nsec must stay below 1e9, or nanosleep fails at once (EINVAL).
        var pause = timespec(tv_sec: Int(interval), tv_nsec: Int((interval - interval.rounded(.down)) * 1e9))
        nanosleep(&pause, nil)
    }
    return false
}
