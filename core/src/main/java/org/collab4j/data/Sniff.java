package org.collab4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first lines of a rating file (up to 64 KB, at most 50 non-blank lines), read to detect its
 * layout, after its encoding is checked: a UTF-8 byte-order mark is skipped ({@code bom} bytes),
 * UTF-16 and UTF-32 text (with or without a byte-order mark) is refused with what to do.
 */
record Sniff(List<String> lines, double bytesPerLine, int bom) {
    static final int BYTES = 64 * 1024;

    String firstLine() {
        return lines.isEmpty() ? "" : lines.get(0);
    }

    static Sniff read(Path file) {
        byte[] buf = new byte[BYTES];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int r;
            while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) n += r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return of(file.toString(), buf, n, n == buf.length);
    }

    /** The first lines of {@code buf[0, n)}; {@code cut} when the file goes on beyond it (the last partial line is dropped). */
    static Sniff of(String fileName, byte[] buf, int n, boolean cut) {
        int bom = byteOrderMark(fileName, buf, n);
        String text = new String(buf, bom, n - bom, StandardCharsets.ISO_8859_1);
        if (cut) {
            int last = text.lastIndexOf('\n');
            if (last > 0) text = text.substring(0, last);
        }
        List<String> lines = new ArrayList<>();
        String[] all = text.split("\r?\n");
        double bytesPerLine = all.length == 0 ? 24 : Math.max(4, (text.length() + 1.0) / all.length);
        for (String l : all) {
            if (l.isBlank()) continue;
            lines.add(l);
            if (lines.size() == 50) break;
        }
        return new Sniff(lines, bytesPerLine, bom);
    }

    /**
     * 3 when the text starts with a UTF-8 byte-order mark, else 0.
     *
     * @throws DataFormatException when the text is UTF-16 or UTF-32, told by its byte-order mark or
     *                             by every other byte being NUL (ASCII in UTF-16)
     */
    static int byteOrderMark(String fileName, byte[] b, int n) {
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) return 3;
        String found = null;
        if (n >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) found = "UTF-32 (big-endian, with a byte-order mark)";
        else if (n >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) found = "UTF-32 (little-endian, with a byte-order mark)";
        else if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) found = "UTF-16 (big-endian, with a byte-order mark)";
        else if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) found = "UTF-16 (little-endian, with a byte-order mark)";
        else {
            int pairs = Math.min(n, 4096) / 2, evenNul = 0, oddNul = 0;
            for (int i = 0; i < pairs; i++) {
                if (b[2 * i] == 0) evenNul++;
                if (b[2 * i + 1] == 0) oddNul++;
            }
            // ASCII in UTF-16: one byte of each pair is NUL, the other hardly ever
            if (pairs >= 2 && oddNul * 10 >= pairs * 3 && evenNul * 20 < pairs) found = "UTF-16 (little-endian: every other byte is NUL)";
            else if (pairs >= 2 && evenNul * 10 >= pairs * 3 && oddNul * 20 < pairs) found = "UTF-16 (big-endian: every other byte is NUL)";
        }
        if (found != null)
            throw new DataFormatException(fileName, "the file is text in " + found + "; rating files are read as UTF-8:"
                    + " convert it first, e.g. iconv -f " + (found.startsWith("UTF-32") ? "UTF-32" : "UTF-16") + " -t UTF-8 < "
                    + fileName + " > ratings-utf8.csv");
        return 0;
    }
}
