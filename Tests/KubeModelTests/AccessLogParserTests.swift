import KubeModel
import Testing

@Suite struct AccessLogParserTests {
    /// Istio's default TEXT format, as istio-proxy prints it (1.8 and later: RESPONSE_CODE_DETAILS,
    /// CONNECTION_TERMINATION_DETAILS, UPSTREAM_CLUSTER_RAW).
    static let inboundFailure = """
        [2026-11-21T14:23:12.345Z] "GET /api/cart?id=7 HTTP/1.1" 503 UF upstream_reset_before_response_started{connection_failure} - \
        "delayed_connect_error:_111" 0 91 0 - "10.8.1.1" "curl/8.5.0" "7c1f7b2e-1d2c-4a1e-9b1f-1d2c4a1e9b1f" "checkout.shop:8080" \
        "10.8.0.12:8080" inbound|8080|| 127.0.0.6:40123 10.8.0.12:8080 10.8.1.1:51234 outbound_.8080_._.checkout.shop.svc.cluster.local default
        """

    @Test func readsTheDefaultTextFormat() throws {
        let entry = try #require(AccessLogParser.parse(Self.inboundFailure))
        #expect(entry.start == Timestamp(rfc3339: "2026-11-21T14:23:12.345Z"))
        #expect(entry.code == 503)
        #expect(entry.flags == ["UF"])
        #expect(entry.details == "upstream_reset_before_response_started{connection_failure}")
        #expect(entry.requestID == "7c1f7b2e-1d2c-4a1e-9b1f-1d2c4a1e9b1f")
        #expect(entry.upstreamHost == "10.8.0.12:8080")
        #expect(entry.upstreamIP == "10.8.0.12")
        #expect(entry.upstreamCluster == "inbound|8080||")
        #expect(entry.direction == .inbound)
        #expect(entry.durationMilliseconds == 0)
        #expect(entry.isFailed)
    }

    @Test func readsAGatewaysOutboundLineWithSeveralFlags() throws {
        let line = """
            [2026-11-21T14:23:12.301Z] "POST /checkout HTTP/2" 503 URX,UF via_upstream - "-" 120 19 1003 - "203.0.113.9" \
            "Mozilla/5.0 (X11; Linux x86_64)" "abc-123" "shop.example.com" "10.8.0.12:8080" \
            outbound|8080||checkout.shop.svc.cluster.local 10.8.2.5:33456 10.8.2.5:8443 203.0.113.9:61000 shop.example.com -
            """
        let entry = try #require(AccessLogParser.parse(line))
        #expect(entry.flags == ["URX", "UF"])
        #expect(entry.direction == .outbound)
        #expect(entry.durationMilliseconds == 1003)
        #expect(entry.requestID == "abc-123")
        #expect(entry.upstreamCluster == "outbound|8080||checkout.shop.svc.cluster.local")
    }

    @Test func readsTheOlderTextFormatWithMixerStatusAndUpstreamCluster() throws {
        // Istio 1.5–1.7: a quoted mixer status where the details are now, and no route name.
        let line = """
            [2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - "-" "-" 0 135 4 4 "-" "curl/7.73.0" \
            "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" outbound|8000||httpbin.foo.svc.cluster.local \
            10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 -
            """
        let entry = try #require(AccessLogParser.parse(line))
        #expect(entry.code == 418 && entry.flags.isEmpty && entry.details == nil)
        #expect(entry.requestID == "84961386-6d84-929d-98bd-c5aee93b5c88")
        #expect(entry.upstreamHost == "10.44.1.27:80" && entry.durationMilliseconds == 4)
        #expect(!entry.isFailed)
    }

    @Test func readsTheJSONEncodingInAnyOrder() throws {
        let line = """
            {"upstream_host":"10.8.0.13:8080","response_flags":"UC","start_time":"2026-11-21T14:23:13.000Z","duration":12,\
            "response_code":0,"request_id":"r-9","upstream_cluster":"inbound|8080||","path":"/secret?token=x",\
            "response_code_details":"upstream_reset_after_response_started{connection_termination}"}
            """
        let entry = try #require(AccessLogParser.parse(line))
        #expect(entry.code == 0 && entry.flags == ["UC"] && entry.isFailed)
        #expect(entry.requestID == "r-9" && entry.durationMilliseconds == 12 && entry.direction == .inbound)
        // A custom format that quotes every operator.
        let quoted = #"{"start_time":"2026-11-21T14:23:13Z","response_code":"502","response_flags":"-","duration":"7"}"#
        let second = try #require(AccessLogParser.parse(quoted))
        #expect(second.code == 502 && second.flags.isEmpty && second.durationMilliseconds == 7 && second.isFailed)
    }

    @Test func otherLinesAreNotEntries() {
        for line in [
            "2026-11-21T14:23:10.000000Z\tinfo\tEnvoy proxy is ready",
            "[2026-11-21 14:23:10.000][15][warning][config] gRPC config stream closed",
            #"{"level":"info","msg":"app started"}"#,
            #"{"start_time":"2026-11-21T14:23:13Z","msg":"no response code"}"#,
            "",
            "   ",
            "[not a time] \"GET / HTTP/1.1\" 200 - -",
            "[2026-11-21T14:23:12.345Z] \"GET / HTTP/1.1\" abc - -",
            "\u{1B}]0;pwned\u{07}\u{1B}[2J",
        ] {
            #expect(AccessLogParser.parse(line) == nil, "\(line)")
        }
    }

    @Test func hostileFieldsAreCleanedAndBounded() throws {
        let long = String(repeating: "A", count: 100_000)
        let line = "[2026-11-21T14:23:12.345Z] \"GET / HTTP/1.1\" 503 UF \u{1B}[31mred\u{1B}[0m - \"-\" 0 0 1 - \"-\" \"-\" \"\(long)\" \"-\" \"10.0.0.1:80\" inbound|80||"
        let entry = try #require(AccessLogParser.parse(line))
        #expect(entry.details == "red")
        #expect((entry.requestID?.utf8.count ?? 0) <= AccessLogEntry.fieldLimit)
        #expect(entry.upstreamHost == "10.0.0.1:80")
    }

    @Test func failureFlagsAndWhyDCIsNotOne() {
        let start = Timestamp(seconds: 0)
        #expect(AccessLogEntry(start: start, code: 200).isFailed == false)
        #expect(AccessLogEntry(start: start, code: 504).isFailed)
        #expect(AccessLogEntry(start: start, code: 0, flags: ["DC"]).isFailed == false)
        for flag in ["UF", "URX", "UH", "UC", "UR", "LR", "UT", "NR", "NC", "UO"] {
            #expect(AccessLogEntry(start: start, code: 200, flags: [flag]).isFailed, "\(flag)")
        }
        #expect(AccessLogEntry(start: start, code: 0, upstreamHost: "[fd00::5]:8080").upstreamIP == "fd00::5")
    }
}
