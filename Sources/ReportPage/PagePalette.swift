import RolloutUI

/// The page's colours: the default theme's semantic roles, turned from xterm-256 indices
/// into CSS colours, so the page and the terminal say "ready" and "critical" alike.
struct PagePalette {
    /// CSS custom property name (without `--`) and the role whose colour it takes.
    static let roles: [(name: String, role: Role)] = [
        ("critical", .critical), ("warning", .warning), ("info", .info), ("ok", .ok),
        ("rev-new", .revisionNew), ("rev-old", .revisionOld),
        ("c-app", .containerApp), ("c-sidecar", .containerSidecar), ("c-init", .containerInit),
        ("lane-ready", .laneReady), ("lane-running", .laneRunning), ("lane-waiting", .laneWaiting),
        ("ep-ready", .endpointReady), ("ep-serving", .endpointServing), ("ep-term", .endpointTerminating), ("ep-absent", .endpointAbsent),
        ("gate-true", .gateTrue), ("gate-false", .gateFalse), ("event", .eventMarker),
        ("hz-critical", .hazardCritical), ("hz-warning", .hazardWarning), ("hz-info", .hazardInfo),
    ]

    let theme: Theme

    init(theme: Theme = ThemeCatalog.builtinDefault) {
        self.theme = theme
    }

    /// `#rrggbb` of a role: its foreground, or its background for roles that are a shade
    /// (hazards) and have no foreground of their own.
    func color(_ role: Role) -> String {
        let style = theme.style(role)
        let choice = role.rawValue.hasPrefix("hazard-") ? (style.background ?? style.foreground) : (style.foreground ?? style.background)
        return Self.hex(choice?.c256 ?? 244)
    }

    /// `--name:#rrggbb;` for every role, as the dark scheme (the terminal's own) uses them.
    var darkDeclarations: String {
        Self.roles.map { "--\($0.name):\(color($0.role));" }.joined()
    }

    /// The same colours darkened for a white page, where the terminal's pale tones would
    /// not read.
    var lightDeclarations: String {
        Self.roles.map { "--\($0.name):color-mix(in srgb,\(color($0.role)) 70%,#000);" }.joined()
    }

    /// The xterm 256-colour palette: 16 system colours, the 6×6×6 cube, 24 greys.
    static func hex(_ index: Int) -> String {
        let system: [UInt32] = [0x000000, 0x800000, 0x008000, 0x808000, 0x000080, 0x800080, 0x008080, 0xc0c0c0,
                                0x808080, 0xff0000, 0x00ff00, 0xffff00, 0x0000ff, 0xff00ff, 0x00ffff, 0xffffff]
        let rgb: UInt32
        switch index {
        case 0..<16: rgb = system[index]
        case 16..<232:
            let levels: [UInt32] = [0, 95, 135, 175, 215, 255]
            let cube = index - 16
            rgb = levels[cube / 36] << 16 | levels[cube / 6 % 6] << 8 | levels[cube % 6]
        case 232..<256:
            let grey = UInt32(8 + 10 * (index - 232))
            rgb = grey << 16 | grey << 8 | grey
        default: rgb = 0x808080 // the terminal's default colour: a middle grey on either background
        }
        let digits = Array("0123456789abcdef")
        return "#" + (0..<6).map { String(digits[Int(rgb >> UInt32(20 - 4 * $0) & 15)]) }.joined()
    }
}
