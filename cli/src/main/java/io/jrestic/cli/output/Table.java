package io.jrestic.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * restic's text table ({@code ui/table}): the header, a rule of dashes as wide as the table, the rows, the rule
 * again. Columns are two blanks apart and as wide as their widest line; a cell may hold several lines, and a row is
 * then as many lines high. Every line is trimmed of trailing blanks.
 */
public final class Table {
    private static final String CELL_SEPARATOR = "  ";

    private final List<String> headers;
    private final List<List<List<String>>> rows = new ArrayList<>();

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    /** A row of one-line cells, one per column. */
    public Table add(List<String> cells) {
        return addLines(cells.stream().map(List::of).toList());
    }

    /** A row whose cells hold lines, one cell per column. */
    public Table addLines(List<List<String>> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns");
        }
        rows.add(cells.stream().map(List::copyOf).toList());
        return this;
    }

    /** The table's lines; with {@code blankBetweenRows}, an empty line separates the rows (restic's snapshots). */
    public List<String> lines(boolean blankBetweenRows) {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) width[c] = headers.get(c).length();
        for (List<List<String>> row : rows) {
            for (int c = 0; c < width.length; c++) {
                for (String line : row.get(c)) width[c] = Math.max(width[c], line.length());
            }
        }
        int total = CELL_SEPARATOR.length() * (width.length - 1);
        for (int w : width) total += w;
        String rule = "-".repeat(total);

        List<String> out = new ArrayList<>();
        out.add(line(headers.stream().map(List::of).toList(), 0, width));
        out.add(rule);
        for (int r = 0; r < rows.size(); r++) {
            if (blankBetweenRows && r > 0) out.add("");
            List<List<String>> row = rows.get(r);
            int height = 1;
            for (List<String> cell : row) height = Math.max(height, cell.size());
            for (int i = 0; i < height; i++) out.add(line(row, i, width));
        }
        out.add(rule);
        return out;
    }

    private static String line(List<List<String>> cells, int lineNo, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) sb.append(CELL_SEPARATOR);
            String text = lineNo < cells.get(c).size() ? cells.get(c).get(lineNo) : "";
            sb.append(text).append(" ".repeat(width[c] - text.length()));
        }
        return sb.toString().stripTrailing();
    }
}
