import KubeModel
import RolloutCore

/// The table's rows grouped by revision: new first (what is rolling out), then
/// old (what is being replaced), then pods of no watched workload.
struct PodGroups {
    struct Group {
        var revision: Revision
        var rows: [PodRow]
    }

    var groups: [Group]

    init(store: Store, builder: PodRowBuilder, filter: String) {
        var byRevision: [Revision: [PodRow]] = [:]
        let needle = filter.lowercased()
        for record in store.orderedPods {
            let row = builder.row(record)
            if !needle.isEmpty, !row.searchText.lowercased().contains(needle) { continue }
            byRevision[row.revision, default: []].append(row)
        }
        groups = [Revision.new, .old, .unknown].compactMap { revision in
            // Live pods first, the gone ones after them.
            byRevision[revision].map { rows in
                Group(revision: revision, rows: rows.filter { $0.phase != "Gone" } + rows.filter { $0.phase == "Gone" })
            }
        }
    }

    var rows: [PodRow] { groups.flatMap(\.rows) }
    /// Rows plus a title line per group.
    var lineCount: Int { groups.reduce(0) { $0 + $1.rows.count + 1 } }
}

/// Draws the pod table with its column header and group titles, keeping the
/// selected row in view. Returns the scroll offset it used.
struct PodTable {
    let groups: PodGroups
    let selected: String?
    let input: ViewInput

    private enum Item {
        case title(PodGroups.Group)
        case row(PodRow)
    }

    func draw(into screen: inout Screen, in area: Rect, scroll: Int) -> Int {
        let containerWidth = max(4, min(10, groups.rows.map(\.containers.count).max() ?? 0))
        let fixed = 3 + 11 + containerWidth + 4 + 4 + 4 + 5 + 6
        let longestName = groups.rows.map { DisplayWidth.of($0.name) }.max() ?? 12
        let nameWidth = max(12, min(longestName, 40, area.width - fixed - 10))
        let hazardWidth = max(0, area.width - fixed - nameWidth)
        let columns = Columns(name: nameWidth, containers: containerWidth, hazard: hazardWidth)

        screen.fill(x: area.x, y: area.y, width: area.width, height: 1, role: .title)
        screen.draw(columns.header(), x: area.x, y: area.y, width: area.width)

        var items: [Item] = []
        for group in groups.groups {
            items.append(.title(group))
            items += group.rows.map(Item.row)
        }
        let visible = area.height - 1
        let selectedIndex = items.firstIndex { if case .row(let row) = $0 { return row.uid == selected } else { return false } } ?? 0
        var offset = min(max(0, scroll), max(0, items.count - visible))
        if selectedIndex < offset { offset = max(0, selectedIndex - 1) }
        if selectedIndex >= offset + visible { offset = selectedIndex - visible + 1 }
        if items.isEmpty {
            let message = input.view.filter.isEmpty ? "Waiting for pods…" : "No pod matches \"\(input.view.filter)\"."
            screen.put(message, x: area.x + 2, y: area.y + 2, role: .dim)
        }
        for (index, item) in items.dropFirst(offset).prefix(visible).enumerated() {
            let y = area.y + 1 + index
            switch item {
            case .title(let group): drawTitle(group, into: &screen, x: area.x, y: y, width: area.width)
            case .row(let row):
                let isSelected = row.uid == selected
                screen.draw(columns.line(for: row, glyphs: input.glyphs, selected: isSelected), x: area.x, y: y, width: area.width)
                if isSelected {
                    // The bar keeps each glyph's colour and repaints only plain text.
                    for x in area.x..<area.x + area.width where [.text, .dim].contains(screen[x, y].role) {
                        screen.paint(x: x, y: y, width: 1, role: .selection)
                    }
                }
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
        let ready = group.rows.filter { $0.phase == "Running" }.count
        let live = group.rows.filter { $0.phase != "Gone" }.count
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
