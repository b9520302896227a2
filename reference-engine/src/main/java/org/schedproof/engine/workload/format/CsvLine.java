package org.schedproof.engine.workload.format;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line: comma-separated, fields trimmed, RFC 4180 double quotes ("" inside quotes is one "). */
final class CsvLine {
    private CsvLine() {}

    /** Throws IllegalArgumentException on a quote that is never closed (a line cut off inside a quoted field). */
    static String[] split(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            StringBuilder field = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("a quoted field is never closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                while (i < n && line.charAt(i) != ',') {
                    if (line.charAt(i) != ' ') {
                        throw new IllegalArgumentException("text after a closing quote");
                    }
                    i++;
                }
                out.add(field.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                out.add(line.substring(i, end).trim());
                i = end;
            }
            if (i >= n) {
                return out.toArray(String[]::new);
            }
            i++; // the comma
        }
    }
}
