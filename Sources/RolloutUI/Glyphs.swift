/// Every symbol the view draws, in a UTF-8 set and an ASCII set for terminals
/// and locales without UTF-8 (`--ascii`, or detected). Shapes carry meaning on
/// their own, so monochrome and colour-blind users read state without colour.
public struct Glyphs: Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var selectionMarker: Character

    // Containers: shape by state, drawn in the role's colour.
    public var appReady: Character
    public var appRunning: Character
    public var appWaiting: Character
    public var sidecarReady: Character
    public var sidecarRunning: Character
    public var sidecarWaiting: Character
    public var initDone: Character
    public var initRunning: Character
    public var initWaiting: Character
    public var failed: Character

    // Endpoints and gates.
    public var endpointReady: Character
    public var endpointServing: Character
    public var endpointTerminating: Character
    public var absent: Character
    public var gateTrue: Character
    public var gateFalse: Character

    // Hazards: a glyph per severity, never colour alone.
    public var critical: String
    public var warning: String
    public var info: String

    // Timeline lanes.
    public var laneReady: Character
    public var laneRunning: Character
    public var laneWaiting: Character
    public var laneServing: Character
    public var laneTerminating: Character
    public var eventMarker: Character
    public var hazardShade: Character
    public var nowMarker: Character
    /// The errors lane: failed requests in a column, shaded by count (1, 2–3, 4–9, 10 or more),
    /// so the count reads without colour.
    public var errorShades: [Character]
    /// Only ASCII reaches the terminal: the frame is transliterated after drawing.
    public var isASCII: Bool

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", selectionMarker: "▶",
        appReady: "●", appRunning: "◐", appWaiting: "○", sidecarReady: "■", sidecarRunning: "◧", sidecarWaiting: "□",
        initDone: "✓", initRunning: "▸", initWaiting: "▹", failed: "✕",
        endpointReady: "●", endpointServing: "◑", endpointTerminating: "◌", absent: "·", gateTrue: "✓", gateFalse: "✗",
        critical: "‼", warning: "!", info: "i",
        laneReady: "█", laneRunning: "▒", laneWaiting: "░", laneServing: "▒", laneTerminating: "░", eventMarker: "▲",
        hazardShade: "▀", nowMarker: "┊", errorShades: ["░", "▒", "▓", "█"], isASCII: false)

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", selectionMarker: ">",
        appReady: "@", appRunning: "o", appWaiting: ".", sidecarReady: "#", sidecarRunning: "+", sidecarWaiting: "_",
        initDone: "v", initRunning: ">", initWaiting: "-", failed: "x",
        endpointReady: "R", endpointServing: "S", endpointTerminating: "T", absent: "-", gateTrue: "Y", gateFalse: "N",
        critical: "!!", warning: "!", info: "i",
        laneReady: "#", laneRunning: "=", laneWaiting: "-", laneServing: "=", laneTerminating: ":", eventMarker: "^",
        hazardShade: "^", nowMarker: "|", errorShades: [".", ":", "x", "#"], isASCII: true)
}

extension Screen {
    /// For terminals without UTF-8: punctuation the view uses gets its ASCII
    /// look-alike; anything else outside ASCII (a Japanese event message) becomes `?`.
    mutating func transliterateToASCII() {
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                guard !cell.character.isASCII else { continue }
                let replacement: Character = cell.isContinuation ? " " : Screen.asciiLookalikes[cell.character] ?? "?"
                put(String(replacement), x: x, y: y, role: cell.role)
            }
        }
    }

    static let asciiLookalikes: [Character: Character] = [
        "…": ".", "·": ".", "–": "-", "—": "-", "×": "x", "→": ">", "←": "<", "↑": "^", "↓": "v", "─": "-", "│": "|",
        "‼": "!", "✓": "v", "✗": "x", "✕": "x", "●": "@", "○": "o", "■": "#", "□": "_", "▲": "^", "█": "#", "▒": "=",
        "░": ":", "▀": "^", "⏎": "<", "▶": ">", "◀": "<", "◐": "o", "◧": "+", "◑": "S", "◌": "T", "▸": ">", "▹": "-", "┊": "|", "≥": ">", "≤": "<",
    ]
}
