/// A key as the view sees it, whatever terminal produced it.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up
    case down
    case left
    case right
    case pageUp
    case pageDown
    case home
    case end
    case enter
    case escape
    case backspace
    case tab
}

/// Everything a user can ask of the view. One list: the key table and the help
/// screen are generated from it (tig's request table, htop's Action.c).
public enum Action: String, Sendable, CaseIterable {
    case up, down, pageUp, pageDown, top, bottom
    case openDetail, back, findings, filter, help, quit
    case pause, rewind, forward, stepBack, stepForward, previousMarker, nextMarker, faster, slower, jump
}

/// One row of the key table.
public struct KeyBinding: Sendable {
    public enum Scope: Sendable {
        case always
        case replay
    }

    public var action: Action
    public var keys: [Key]
    /// How the keys print in help and hints.
    public var label: String

    /// The label for terminals without UTF-8.
    public func label(ascii: Bool) -> String {
        guard ascii else { return label }
        return label.replacingArrows()
    }
    public var help: String
    public var scope: Scope
}

public enum KeyTable {
    public static let bindings: [KeyBinding] = [
        KeyBinding(action: .up, keys: [.up, .character("k")], label: "↑ k", help: "select the previous pod (or finding, or scroll up)", scope: .always),
        KeyBinding(action: .down, keys: [.down, .character("j")], label: "↓ j", help: "select the next pod (or finding, or scroll down)", scope: .always),
        KeyBinding(action: .pageUp, keys: [.pageUp], label: "PgUp", help: "a page up", scope: .always),
        KeyBinding(action: .pageDown, keys: [.pageDown], label: "PgDn", help: "a page down", scope: .always),
        KeyBinding(action: .top, keys: [.home, .character("g")], label: "Home g", help: "the first row", scope: .always),
        KeyBinding(action: .bottom, keys: [.end, .character("G")], label: "End G", help: "the last row", scope: .always),
        KeyBinding(action: .openDetail, keys: [.enter, .tab], label: "⏎", help: "open the selected pod's detail full size (or the selected finding's pod)", scope: .always),
        KeyBinding(action: .back, keys: [.escape, .backspace], label: "Esc", help: "back to the pod table; clear the filter", scope: .always),
        KeyBinding(action: .findings, keys: [.character("f")], label: "f", help: "the findings list", scope: .always),
        KeyBinding(action: .filter, keys: [.character("/")], label: "/", help: "filter pods by name, phase, revision or rule", scope: .always),
        KeyBinding(action: .help, keys: [.character("?"), .character("h")], label: "?", help: "this help", scope: .always),
        KeyBinding(action: .quit, keys: [.character("q"), .character("Q")], label: "q", help: "quit (the terminal is restored, kubectl stopped)", scope: .always),
        KeyBinding(action: .pause, keys: [.character(" ")], label: "space", help: "pause or play", scope: .replay),
        KeyBinding(action: .rewind, keys: [.left], label: "←", help: "back 5 s", scope: .replay),
        KeyBinding(action: .forward, keys: [.right], label: "→", help: "forward 5 s", scope: .replay),
        KeyBinding(action: .stepBack, keys: [.character(",")], label: ",", help: "one event back (paused)", scope: .replay),
        KeyBinding(action: .stepForward, keys: [.character(".")], label: ".", help: "one event forward (paused)", scope: .replay),
        KeyBinding(action: .previousMarker, keys: [.character("[")], label: "[", help: "previous marker: a finding opening or closing, a rollout milestone", scope: .replay),
        KeyBinding(action: .nextMarker, keys: [.character("]")], label: "]", help: "next marker", scope: .replay),
        KeyBinding(action: .faster, keys: [.character("+"), .character("=")], label: "+", help: "play faster", scope: .replay),
        KeyBinding(action: .slower, keys: [.character("-"), .character("_")], label: "-", help: "play slower", scope: .replay),
        KeyBinding(action: .jump, keys: (0...9).map { .character(Character(String($0))) }, label: "0-9", help: "jump to 0–90 % of the recording", scope: .replay),
    ]

    /// The action a key asks for, in replay or not.
    public static func action(for key: Key, replay: Bool) -> Action? {
        bindings.first { binding in binding.keys.contains(key) && (replay || binding.scope == .always) }?.action
    }

    public static func binding(_ action: Action) -> KeyBinding {
        bindings.first { $0.action == action }!
    }
}

extension String {
    fileprivate func replacingArrows() -> String {
        var text = ""
        for character in self {
            switch character {
            case "↑": text += "Up"
            case "↓": text += "Down"
            case "←": text += "Left"
            case "→": text += "Right"
            case "⏎": text += "Enter"
            default: text.append(character)
            }
        }
        return text
    }
}
