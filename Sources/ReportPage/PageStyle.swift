/// The page's one stylesheet, inline (the page loads nothing) and allowed by its hash in
/// the Content-Security-Policy. Light by default and for print, dark when the reader's
/// system asks for it; classes only, so no `style` attribute needs `'unsafe-inline'`.
enum PageStyle {
    static func css(_ palette: PagePalette) -> String {
        let dark = PagePalette.hex(234), darkPanel = PagePalette.hex(236)
        return """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1c1c1c;--dim:#5f5f5f;--line:#d0d0d0;--panel:#f3f3f3;\(palette.lightDeclarations)}
        @media (prefers-color-scheme:dark){:root{--bg:\(dark);--fg:\(palette.color(.text));--dim:\(palette.color(.dim));\
        --line:\(palette.color(.border));--panel:\(darkPanel);\(palette.darkDeclarations)}}
        @media print{:root{--bg:#fff;--fg:#000;--dim:#444;--line:#bbb;--panel:#fff;\(palette.lightDeclarations)}\
        .axis{position:static}section,article,.row{break-inside:avoid}a{color:inherit;text-decoration:none}}
        body{margin:0 auto;max-width:1200px;padding:1rem;background:var(--bg);color:var(--fg);font:14px/1.4 system-ui,sans-serif}
        h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;border-bottom:1px solid var(--line);margin-top:1.6rem}
        h3{font-size:1rem;margin:1rem 0 .3rem}a{color:var(--info)}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}dt{color:var(--dim)}dd{margin:0}
        .sev-critical,.critical{color:var(--critical)}.sev-warning,.warning{color:var(--warning)}.sev-info,.info{color:var(--info)}
        .dim{color:var(--dim)}.ok{color:var(--ok)}
        .badge{font-weight:600;text-transform:uppercase;font-size:.8rem}
        table{border-collapse:collapse;width:100%;font-size:.85rem;table-layout:fixed}.chunk{content-visibility:auto;contain-intrinsic-size:auto 9000px}
        .pods th:nth-child(1){width:22%}.pods th:nth-child(2),.pods th:nth-child(4){width:6%}.pods th:nth-child(3){width:7%}
        .pods th:nth-child(5){width:27%}.pods th:nth-child(6),.pods th:nth-child(7){width:11%}
        .findings th:nth-child(1){width:7%}.findings th:nth-child(2){width:17%}.findings th:nth-child(3){width:22%}.findings th:nth-child(4){width:16%}th,td{text-align:left;padding:.15rem .4rem;border-bottom:1px solid var(--line);vertical-align:top}
        th{color:var(--dim);font-weight:600}td.name{word-break:break-all}
        pre{background:var(--panel);padding:.6rem;overflow:auto;border:1px solid var(--line);font:12px/1.35 ui-monospace,monospace}
        .axis{position:sticky;top:0;background:var(--bg);z-index:1}
        svg{display:block;width:100%;height:auto}svg text{fill:var(--fg);font:10px system-ui,sans-serif}
        svg text.dim{fill:var(--dim)}svg text.pod{font-weight:600}svg .grid{stroke:var(--line)}
        .ms{stroke:var(--info);stroke-dasharray:3 3}svg text.ms-label{fill:var(--info)}
        .c-ready{fill:var(--lane-ready)}.c-running{fill:var(--lane-running)}.c-waiting{fill:var(--lane-waiting)}
        .e-ready{fill:var(--ep-ready)}.e-serving{fill:var(--ep-serving)}.e-terminating{fill:var(--ep-term)}.e-listed{fill:var(--ep-absent)}
        .g-ready{fill:var(--gate-true)}.g-waiting{fill:var(--gate-false)}
        .ev{fill:var(--event)}.del{stroke:var(--ep-term);stroke-width:2}.fail{fill:var(--critical)}
        .hz-critical{fill:var(--hz-critical);fill-opacity:.28}.hz-warning{fill:var(--hz-warning);fill-opacity:.28}.hz-info{fill:var(--hz-info);fill-opacity:.22}
        svg text.l-app{fill:var(--c-app)}svg text.l-sidecar{fill:var(--c-sidecar)}svg text.l-init{fill:var(--c-init)}
        svg text.rev-new{fill:var(--rev-new)}svg text.rev-old{fill:var(--rev-old)}
        .n-new{stroke:var(--rev-new);fill:none}.n-old{stroke:var(--rev-old);fill:none}.n-unknown{stroke:var(--dim);fill:none}
        .r-new{fill:var(--rev-new);fill-opacity:.25}.r-old{fill:var(--rev-old);fill-opacity:.25}.r-unknown{fill:var(--dim);fill-opacity:.2}
        svg text.critical,svg text.sev-critical{fill:var(--critical)}svg text.sev-warning{fill:var(--warning)}svg text.sev-info{fill:var(--info)}
        .bar{fill:var(--lane-ready)}.bar-late{fill:var(--critical)}
        .pod-detail{border-top:1px solid var(--line);margin-top:1rem}.finding{margin:.6rem 0 .6rem 1rem}
        .finding ol{margin:.2rem 0;padding-left:1.2rem;font-size:.85rem}.finding time{color:var(--dim);margin-right:.5rem}
        .legend span{margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
        .legend .c-ready{background:var(--lane-ready)}.legend .c-running{background:var(--lane-running)}.legend .c-waiting{background:var(--lane-waiting)}
        .legend .e-serving{background:var(--ep-serving)}.legend .e-terminating{background:var(--ep-term)}.legend .ev{background:var(--event)}
        .legend .hz-critical{background:var(--hz-critical)}
        """
    }
}
