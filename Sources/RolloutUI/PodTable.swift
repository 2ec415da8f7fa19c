import KubeModel
import RolloutCore

/// Draws the pod table with its column header and group titles, keeping the
/// selected row in view. Only the lines on screen are made into rows. Returns the
/// scroll offset it used.
struct PodTable {
    let groups: PodGroups
    /// The selected pod's serial.
    let selected: Int?
    let input: ViewInput

    private enum Item {
        case title(PodGroups.Group)
        case row(Int)
    }

    /// The item on line `index` of the table (titles count as lines).
    private func item(at index: Int) -> Item? {
        var first = 0
        for group in groups.groups {
            if index == first { return .title(group) }
            if index <= first + group.members.count { return .row(group.members[index - first - 1]) }
            first += group.members.count + 1
        }
        return nil
    }

    /// The line of the selected pod's row, if it is in the table.
    private func line(of serial: Int?) -> Int? {
        guard let serial else { return nil }
        var first = 0
        for group in groups.groups {
            if let position = group.members.firstIndex(of: serial) { return first + 1 + position }
            first += group.members.count + 1
        }
        return nil
    }

    func draw(into screen: inout Screen, in area: Rect, scroll: Int) -> Int {
        let containerWidth = max(4, min(10, groups.mostContainers))
        let fixed = 3 + 11 + containerWidth + 4 + 4 + 4 + 5 + 6
        let nameWidth = max(12, min(groups.isEmpty ? 12 : groups.longestName, 40, area.width - fixed - 10))
        let hazardWidth = max(0, area.width - fixed - nameWidth)
        let columns = Columns(name: nameWidth, containers: containerWidth, hazard: hazardWidth)

        screen.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .title)
        screen.draw(columns.header(), x: area.x, y: area.y, width: area.width)

        let lineCount = groups.lineCount
        let visible = area.height - 1
        let selectedIndex = line(of: selected) ?? 0
        var offset = min(max(0, scroll), max(0, lineCount - visible))
        if selectedIndex < offset { offset = max(0, selectedIndex - 1) }
        if selectedIndex >= offset + visible { offset = selectedIndex - visible + 1 }
        if groups.isEmpty {
            let message = input.view.filter.isEmpty ? "Waiting for pods…" : "No pod matches \"\(input.view.filter)\"."
            screen.put(message, x: area.x + 2, y: area.y + 2, role: .dim)
        }
        for index in offset..<min(lineCount, offset + visible) {
            let y = area.y + 1 + index - offset
            switch item(at: index) {
            case .title(let group): drawTitle(group, into: &screen, x: area.x, y: y, width: area.width)
            case .row(let serial):
                let isSelected = serial == selected
                screen.draw(columns.line(for: groups.row(serial), glyphs: input.glyphs, selected: isSelected), x: area.x, y: y, width: area.width)
                if isSelected {
                    // The bar keeps each glyph's colour and repaints only plain text.
                    for x in area.x..<area.x + area.width where [.text, .dim].contains(screen[x, y].role) {
                        screen.paint(x: x, y: y, width: 1, role: .selection)
                    }
                }
            case nil: break
            }
        }
        return offset
    }

    private func drawTitle(_ group: PodGroups.Group, into screen: inout Screen, x: Int, y: Int, width: Int) {
        let name: String
        let role: Role
        switch group.revision {
        case .new: (name, role) = ("new revision", .revisionNew)
        case .old: (name, role) = ("old revision", .revisionOld)
        case .unknown: (name, role) = ("pods", .title)
        }
        let ready = group.running
        let live = group.live
        let horizontal = String(input.glyphs.horizontal)
        let label = "\(horizontal)\(horizontal) \(name) · \(ready)/\(live) ready "
        let end = screen.put(label, x: x, y: y, role: role)
        screen.put(String(repeating: horizontal, count: max(0, width - (end - x))), x: end, y: y, role: .border)
    }

    /// Column widths and how a row fills them.
    struct Columns {
        var name: Int
        var containers: Int
        var hazard: Int

        func header() -> Line {
            var text = "   " + Format.pad("POD", name) + " " + Format.pad("PHASE", 10) + " " + Format.pad("CTRS", containers)
            text += " " + "EP " + " " + "NEG" + " " + "RST" + " " + "  AGE"
            if hazard > 0 { text += " " + "HAZARD" }
            return [Segment(text, .title)]
        }

        func line(for row: PodRow, glyphs: Glyphs, selected: Bool) -> Line {
            var line: Line = []
            if let hazard = row.hazard {
                line.append(Segment(Format.pad(hazard.severity.glyph(glyphs), 2), hazard.severity.shadeRole))
                line.append(Segment(" ", .text))
            } else {
                line.append(Segment(selected ? String(glyphs.selectionMarker) + "  " : "   ", .text))
            }
            let nameRole: Role = row.phase == "Gone" ? .dim : .text
            line.append(Segment(Format.pad(String(row.name.prefix(name)), name) + " ", nameRole))
            line.append(Segment(Format.pad(String(row.phase.prefix(10)), 10) + " ", row.phaseRole))
            for mark in row.containers.prefix(containers) { line.append(Segment(mark.glyph, mark.role)) }
            line.append(Segment(String(repeating: " ", count: max(0, containers - row.containers.count)) + " ", .text))
            line.append(Segment(row.endpoint.glyph, row.endpoint.role))
            line.append(Segment(Format.pad(row.otherServices > 0 ? "+\(row.otherServices)" : "", 3), .dim))
            line.append(Segment(" " + Format.pad(row.gate.glyph, 3), row.gate.role))
            let restarts = row.restarts == 0 ? "  ·" : String(repeating: " ", count: max(0, 3 - String(row.restarts).count)) + String(row.restarts)
            line.append(Segment(" " + restarts, row.restarts == 0 ? .dim : .warning))
            let age = Format.age(row.ageSeconds)
            line.append(Segment(" " + String(repeating: " ", count: max(0, 5 - age.count)) + age, .dim))
            if hazard > 0 {
                if let open = row.hazard {
                    line.append(Segment(" " + String(open.rule.rawValue.prefix(hazard - 1)), open.severity.role))
                } else if let past = row.worstFinding {
                    line.append(Segment(" " + String((past.rule.rawValue + " (ended)").prefix(hazard - 1)), .dim))
                }
            }
            return line
        }
    }
}
