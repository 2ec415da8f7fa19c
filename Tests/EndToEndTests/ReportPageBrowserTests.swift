import JSONLite
import Runtime
import Testing
import TestSupport

/// `report --format html` opened in real headless Chromium (issue 16): the page of the
/// built-in demo (every seed's recording, one namespace each) holds every finding and a
/// row per pod; a live page of hostile strings gets no element or attribute from them;
/// neither fetches anything. One Chromium per page.
extension EndToEnd {
@Suite struct ReportPageBrowserTests {
    /// Every element and attribute the page is made of; anything else was injected.
    static let elements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "span", "dl", "dt", "dd", "nav", "a",
        "section", "div", "i", "svg", "text", "line", "rect", "path", "article", "code", "ol", "li", "time", "pre", "table",
        "thead", "tbody", "tr", "th", "td", "br", "footer",
    ]
    static let attributes: Set<String> = [
        "lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "viewbox", "role", "aria-label", "x", "y",
        "x1", "x2", "y1", "y2", "width", "height", "d", "text-anchor", "datetime",
    ]

    /// What the page's markup may be: known elements and attributes, links only to anchors of the page.
    static func expectOnlyThePagesOwnMarkup(_ dom: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let tags = DOMTag.scan(dom)
        #expect(tags.count > 20, "the DOM was read: \(dom.prefix(300))", sourceLocation: sourceLocation)
        let strangers = Set(tags.map(\.name)).subtracting(elements)
        #expect(strangers.isEmpty, "elements the page does not make: \(strangers.sorted())", sourceLocation: sourceLocation)
        let strangeAttributes = Set(tags.flatMap { $0.attributes.map(\.name) }).subtracting(attributes)
        #expect(strangeAttributes.isEmpty, "attributes the page does not set: \(strangeAttributes.sorted())", sourceLocation: sourceLocation)
        let links = tags.flatMap { $0.attributes.filter { $0.name == "href" }.map(\.value) }
        #expect(links.allSatisfy { $0.hasPrefix("#") }, "a link out of the page: \(links.filter { !$0.hasPrefix("#") })", sourceLocation: sourceLocation)
        #expect(tags.filter { $0.name == "style" }.count == 1, "one stylesheet", sourceLocation: sourceLocation)
    }

    @Test func theDemosPageHoldsEveryFindingAndPodInChromium() throws {
        let demo = DemoRecordingTests.demoFile
        let directory = TemporaryDirectory()
        let html = try runRollwatch(["report", demo, "--format", "html"])
        #expect(html.status == .exited(1), "the demo has critical findings: \(html.stderrText)")
        #expect(html.stderr.isEmpty, "\(html.stderrText)")
        let file = directory.write("demo.html", html.stdoutText)
        let json = try JSONParser().parse(try runRollwatch(["report", demo, "--format", "json"]).stdoutText)
        let findings = json["findings"].array
        let pods = json["pods"].array
        try #require(findings.count >= 4 && pods.count >= 4, "the demo holds every seed")

        let page = try Chromium.open(file)
        print("chromium loaded the demo's page (\(html.stdout.count) bytes) in \(page.seconds) s")
        #expect(page.fetched.isEmpty, "the page fetched: \(page.fetched)")
        Self.expectOnlyThePagesOwnMarkup(page.dom)
        let tags = DOMTag.scan(page.dom)
        func ids(_ prefix: String) -> [String] {
            tags.compactMap { tag in tag.attributes.first { $0.name == "id" && $0.value.hasPrefix(prefix) }?.value }
        }
        #expect(ids("pod-").count == pods.count, "a timeline row per pod")
        #expect(ids("row-").count == pods.count, "a table row per pod")
        #expect(tags.filter { $0.name == "svg" }.count >= pods.count + 1, "an SVG per row and the axis")
        for (index, finding) in findings.enumerated() {
            let rule = try #require(finding["rule"].string), pod = finding["pod"].string ?? ""
            #expect(page.dom.contains(">\(rule)<"), "\(rule) is on the page")
            #expect(page.dom.contains(pod), "\(pod) is on the page")
            #expect(tags.contains { $0.attributes.contains { $0.name == "id" && $0.value == "finding-\(index)" } }, "finding \(index) is listed")
            #expect(page.dom.contains("id=\"finding-\(index)-detail\""), "finding \(index) has its details")
        }
        // Each finding's pod link points at a row that exists.
        let targets = Set(tags.compactMap { $0.attributes.first { $0.name == "id" }?.value })
        let anchors = tags.flatMap { $0.attributes.filter { $0.name == "href" }.map { String($0.value.dropFirst()) } }
        #expect(anchors.allSatisfy(targets.contains), "links to nothing: \(anchors.filter { !targets.contains($0) })")
    }

    @Test func hostileStringsInjectNothingInChromium() throws {
        let standIn = try StandIn(scenario: HostileMarkup.scenario().json)
        let html = try runRollwatch(["report", "--for", "2s", "--format", "html", "--kubeconfig", standIn.kubeconfig])
        #expect(html.status == .exited(0), "an info finding does not fail the run: \(html.stderrText)")
        #expect(html.stdoutText.contains("probe-failures"), "the finding is on the page, so its evidence is printed")
        let directory = TemporaryDirectory()
        let page = try Chromium.open(directory.write("hostile.html", html.stdoutText))
        #expect(page.fetched.isEmpty, "the page fetched: \(page.fetched)")
        Self.expectOnlyThePagesOwnMarkup(page.dom)
        #expect(page.dom.contains("web-aaa-&lt;b&gt;x&lt;/b&gt;|y"), "the pod's name is shown as text")
        #expect(page.dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), "the message is shown as text")
        #expect(!page.dom.contains("<title>pwned"), "no script ran")
        #expect(!page.dom.contains("]2;pwned"), "no OSC sequence either")
    }

    /// The check of the net log can fail: a page with a remote image is caught.
    @Test func theNetLogCheckCatchesAPageThatFetches() throws {
        let directory = TemporaryDirectory()
        let file = directory.write("fetches.html", "<!DOCTYPE html><html><body><img src=\"http://canary.invalid/x.png\"></body></html>")
        let page = try Chromium.open(file)
        #expect(page.fetched == ["http://canary.invalid/x.png"])
    }
}
}
