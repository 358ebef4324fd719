/// The dashboard's whole style sheet, embedded in the page: no external asset is ever loaded.
enum DashboardStyle {
    static let css = """
        :root{--ink:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f4f6f9;--card:#fff;--accent:#2563eb;\
        --accepted:#16a34a;--status_updated:#2563eb;--duplicate:#d97706;--rejected:#dc2626}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",\
        Roboto,"Helvetica Neue",Arial,sans-serif}
        a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
        code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;\
        word-break:break-all}
        header.top{background:var(--ink);color:#fff;padding:18px 32px;display:flex;align-items:center;\
        justify-content:space-between;gap:16px;flex-wrap:wrap}
        header.top h1{margin:0;font-size:20px;font-weight:650;letter-spacing:.01em}
        header.top p{margin:2px 0 0;color:#cbd5e1;font-size:13px}
        header.top nav a{color:#e2e8f0;margin-left:18px;font-size:13px}
        main{padding:20px 32px 40px;max-width:1500px;margin:0 auto}
        .banner{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;border-radius:8px;padding:10px 14px;\
        margin-bottom:16px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:18px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px}
        .card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em}
        .card .value{font-size:24px;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums}
        .card.good .value{color:var(--accepted)}.card.bad .value{color:var(--rejected)}
        section.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;\
        margin-bottom:18px}
        section.panel h2{margin:0 0 4px;font-size:16px}
        .note{color:var(--muted);font-size:12.5px;margin:0 0 10px}
        svg.chart{width:100%;height:auto;display:block;font-family:inherit}
        svg.chart .legend{font-size:12px;fill:var(--ink)}
        svg.chart .tick{font-size:11px;fill:var(--muted)}
        svg.chart .axis{font-size:12px;fill:var(--muted)}
        svg.chart .empty{font-size:14px;fill:var(--muted)}
        svg.chart .grid{stroke:var(--line);stroke-width:1}
        svg.chart .baseline{stroke:#94a3b8;stroke-width:1}
        .table-wrap{overflow-x:auto}
        table{border-collapse:collapse;width:100%}
        th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);\
        font-weight:600;border-bottom:1px solid var(--line);padding:8px 10px;white-space:nowrap}
        td{border-bottom:1px solid var(--line);padding:8px 10px;vertical-align:top}
        tbody tr:nth-child(even){background:#fafbfc}
        tr.selected td{background:#eff6ff}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.time{white-space:nowrap;font-variant-numeric:tabular-nums;color:#334155}
        .muted{color:var(--muted);font-size:12px}
        .id{font-weight:600;white-space:nowrap}
        td.purl{width:24%;min-width:200px}
        .chips{max-width:240px}
        .pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;\
        background:#e2e8f0;color:#334155}
        .pill.active{background:#dcfce7;color:#166534}.pill.approved{background:#dbeafe;color:#1e40af}
        .pill.paused{background:#fef3c7;color:#92400e}.pill.pending{background:#f1f5f9;color:#475569}
        .pill.rejected{background:#fee2e2;color:#991b1b}
        .badge{display:inline-block;border-radius:6px;padding:1px 8px;font-size:12px;font-weight:650;color:#fff;\
        white-space:nowrap}
        .badge.accepted{background:var(--accepted)}.badge.status_updated{background:var(--status_updated)}
        .badge.duplicate{background:var(--duplicate)}.badge.rejected{background:var(--rejected)}
        .chips{display:flex;flex-wrap:wrap;gap:4px}
        .chip{display:inline-block;border:1px solid #fecaca;background:#fef2f2;color:#991b1b;border-radius:6px;\
        padding:0 6px;font-size:12px;white-space:nowrap}
        .chip:hover{text-decoration:none;background:#fee2e2}
        .url{color:#334155}
        td.msg{max-width:420px}
        td.msg .warn{color:#92400e;font-size:12px;margin-top:3px}
        td.req{max-width:460px}
        .method{font:600 11px ui-monospace,Menlo,Consolas,monospace;background:#f1f5f9;border-radius:4px;\
        padding:1px 5px;margin-right:4px}
        form.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end;margin:10px 0 12px}
        form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:3px}
        form.filters select{font:inherit;padding:5px 8px;border:1px solid #cbd5e1;border-radius:6px;\
        background:#fff;min-width:150px}
        form.filters button{font:inherit;font-weight:600;padding:6px 16px;border:0;border-radius:6px;\
        background:var(--accent);color:#fff;cursor:pointer}
        form.filters a{padding:6px 4px}
        .tabs{display:flex;gap:6px;flex-wrap:wrap;margin:4px 0 10px}
        .tabs a{border:1px solid var(--line);border-radius:999px;padding:2px 12px;font-size:13px;color:#334155}
        .tabs a.on{background:var(--ink);border-color:var(--ink);color:#fff}
        .empty-row{color:var(--muted);text-align:center;padding:18px}
        footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 24px}
        """
}
