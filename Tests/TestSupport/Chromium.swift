#if canImport(Glibc)
import Glibc
#endif
import JSONLite
import Runtime

/// A page as real headless Chromium built it: the DOM it serialised (`--dump-dom`) and
/// every request the page itself asked for, from its network log (`--log-net-log`).
/// The browser's own background requests (updates, time, accounts) are started with no
/// origin and are left out; they, and anything else, go to a closed port on 127.0.0.1
/// (`--proxy-server`) with every name unresolvable, so nothing leaves the machine.
public struct ChromiumPage {
    public var dom: String
    /// URLs requested on behalf of the page (an `initiator` that is an origin: a file://
    /// page's is `null`). Empty for a page that loads nothing.
    public var fetched: [String]
    public var seconds: Double
}

public enum Chromium {
    /// Debian's `chromium` on PATH (CHROMIUM overrides), installed by `.ci/install-deps`.
    public static var binary: String? {
        if let chosen = Environment.value("CHROMIUM") { return chosen }
        let directories = (Environment.value("PATH") ?? "/usr/bin").split(separator: ":")
        return directories.map { "\($0)/chromium" }.first { access($0, X_OK) == 0 }
    }

    public enum Failure: Error, CustomStringConvertible {
        case missing
        case failed(String)

        public var description: String {
            switch self {
            case .missing: return "chromium is not installed (.ci/install-deps installs it)"
            case .failed(let why): return why
            }
        }
    }

    /// Opens `path` in one headless Chromium with its own profile, and returns the DOM and the requests.
    public static func open(_ path: String, timeout: Double = 90) throws -> ChromiumPage {
        guard let binary else { throw Failure.missing }
        let directory = TemporaryDirectory()
        let netLog = directory.file("net-log.json")
        let started = MonotonicInstant.now()
        let child = try ChildProcess.spawn(binary, [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + directory.file("profile"),
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--proxy-server=socks5://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--log-net-log=" + netLog, "--dump-dom", "file://" + path,
        ])
        guard let result = child.collectOutput(timeout: timeout) else { throw Failure.failed("chromium ran past \(timeout) s on \(path)") }
        let seconds = MonotonicInstant.now().seconds - started.seconds
        guard result.status == .exited(0), result.stdoutText.contains("</html>") else {
            throw Failure.failed("chromium failed on \(path): \(result.status) \(result.stderrText.suffix(500))")
        }
        guard let logText = readText(netLog) else { throw Failure.failed("chromium wrote no net log") }
        return ChromiumPage(dom: result.stdoutText, fetched: try pageRequests(inNetLog: logText), seconds: seconds)
    }

    /// The URLs of requests in a net log that a page started (their initiator is an
    /// origin), whatever their scheme, but the page's own file.
    static func pageRequests(inNetLog text: String) throws -> [String] {
        let json = try JSONParser().parse(text)
        var urls: [String] = []
        for event in json["events"].array {
            let params = event["params"]
            guard let url = params["url"].string, let initiator = params["initiator"].string else { continue }
            if initiator != "not an origin", !url.hasPrefix("file://"), !urls.contains(url) { urls.append(url) }
        }
        return urls
    }
}
