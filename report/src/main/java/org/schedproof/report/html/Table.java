package org.schedproof.report.html;

import java.util.ArrayList;
import java.util.List;

/** An HTML table built row by row; cells are text (escaped) unless added as {@link Cell#html}. */
public final class Table {
    /** One cell: its markup and an optional CSS class ({@code num}, {@code pass}, {@code fail}, {@code na}). */
    public record Cell(String html, String cssClass) {
        public static Cell text(String s) {
            return new Cell(Page.esc(s), "");
        }

        public static Cell num(String s) {
            return new Cell(Page.esc(s), "num");
        }

        public static Cell html(String markup, String cssClass) {
            return new Cell(markup, cssClass);
        }
    }

    private final List<String> head;
    private final List<List<Cell>> rows = new ArrayList<>();

    public Table(String... head) {
        this.head = List.of(head);
    }

    public Table row(Cell... cells) {
        rows.add(List.of(cells));
        return this;
    }

    /** A row of plain text cells. */
    public Table row(String... cells) {
        List<Cell> r = new ArrayList<>();
        for (String c : cells) r.add(Cell.text(c));
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    String html() {
        StringBuilder b = new StringBuilder("<table>");
        if (!head.isEmpty()) {
            b.append("<thead><tr>");
            for (String h : head) b.append("<th>").append(Page.esc(h)).append("</th>");
            b.append("</tr></thead>");
        }
        b.append("<tbody>");
        for (List<Cell> r : rows) {
            b.append("<tr>");
            for (Cell c : r) {
                b.append(c.cssClass().isEmpty() ? "<td>" : "<td class=\"" + c.cssClass() + "\">").append(c.html())
                        .append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>\n").toString();
    }
}
