package org.schedproof.report.html;

import java.util.ArrayList;
import java.util.List;
import org.schedproof.report.chart.Figure;

/**
 * One self-contained HTML page: inline CSS, inline SVG, no script and nothing fetched, so it opens from a file on a
 * laptop with no network. Sections are listed in a table of contents at the top.
 */
public final class Page {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;
            margin:0;background:#f6f6f4;line-height:1.45}
            main{max-width:1040px;margin:0 auto;padding:16px 24px 48px;background:#fff;min-height:100vh}
            h1{font-size:1.6em;margin:.4em 0 .2em}h2{font-size:1.3em;margin:1.6em 0 .4em;padding-top:.6em;
            border-top:2px solid #0072b2}h3{font-size:1.08em;margin:1.2em 0 .3em}
            .sub{color:#555;margin:0 0 1em}nav ol{columns:2;margin:.4em 0;padding-left:1.4em}
            figure{margin:14px 0 22px;border:1px solid #e2e2e2;border-radius:6px;padding:6px 6px 2px;background:#fff}
            figure svg{display:block;width:100%;height:auto}
            figcaption{font-size:.86em;color:#444;padding:4px 6px 6px}
            table{border-collapse:collapse;font-size:.88em;margin:.5em 0 1em}
            th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f0f4f8}td:first-child{white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
            td.pass{background:#e3f4ec}td.fail{background:#fbe3d6;font-weight:600}td.na{color:#888}
            code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.86em}
            pre{background:#f7f7f7;border:1px solid #e5e5e5;padding:8px;white-space:pre-wrap;overflow-wrap:anywhere}
            details{margin:.6em 0;border:1px solid #e2e2e2;border-radius:6px;padding:4px 10px}
            summary{cursor:pointer;font-weight:600;padding:4px 0}
            .note{background:#fff8e1;border-left:4px solid #e69f00;padding:6px 10px;margin:.6em 0}
            .bad{color:#d55e00;font-weight:600}.ok{color:#009e73;font-weight:600}
            table.matrix td{text-align:center;padding:2px 4px}table.matrix td:first-child{text-align:left}
            th.vert{vertical-align:bottom;padding:4px 2px}th.vert span{writing-mode:vertical-rl;transform:rotate(180deg);
            white-space:nowrap;font-weight:600;font-size:.92em}td.fail a{color:#8a2c00}
            """;

    private final StringBuilder body = new StringBuilder();
    private final List<String[]> toc = new ArrayList<>();

    /** A top-level section, listed in the table of contents. */
    public Page section(String id, String title) {
        toc.add(new String[] {id, title});
        body.append("<h2 id=\"").append(attr(id)).append("\">").append(esc(title)).append("</h2>\n");
        return this;
    }

    public Page h3(String id, String title) {
        body.append("<h3 id=\"").append(attr(id)).append("\">").append(esc(title)).append("</h3>\n");
        return this;
    }

    public Page p(String text) {
        body.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    public Page note(String text) {
        body.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
        return this;
    }

    public Page pre(String text) {
        body.append("<pre>").append(esc(text)).append("</pre>\n");
        return this;
    }

    /** Trusted markup built by this package's callers (already escaped). */
    public Page raw(String html) {
        body.append(html).append('\n');
        return this;
    }

    public Page figure(Figure f) {
        body.append("<figure id=\"").append(attr(f.id())).append("\">").append(f.svg()).append("<figcaption>")
                .append(esc(f.caption())).append("</figcaption></figure>\n");
        return this;
    }

    /** A collapsible part (closed unless {@code open}). */
    public Page details(String summary, boolean open) {
        body.append(open ? "<details open>" : "<details>").append("<summary>").append(esc(summary))
                .append("</summary>\n");
        return this;
    }

    public Page endDetails() {
        body.append("</details>\n");
        return this;
    }

    public Page table(Table t) {
        body.append(t.html());
        return this;
    }

    /** The whole document. */
    public String render(String title, String subtitle) {
        StringBuilder out = new StringBuilder(body.length() + 8192);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS).append("</style></head>\n")
                .append("<body><main>\n<h1>").append(esc(title)).append("</h1>\n<p class=\"sub\">")
                .append(esc(subtitle)).append("</p>\n");
        if (toc.size() > 1) {
            out.append("<nav><strong>Contents</strong><ol>");
            for (String[] e : toc) {
                out.append("<li><a href=\"#").append(attr(e[0])).append("\">").append(esc(e[1])).append("</a></li>");
            }
            out.append("</ol></nav>\n");
        }
        out.append(body).append("</main></body></html>\n");
        return out.toString();
    }

    /** Text for HTML element content. */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Text for an attribute value or fragment id: escaped, spaces kept out. */
    public static String attr(String s) {
        return esc(s).replace(' ', '-');
    }
}
