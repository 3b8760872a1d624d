package org.collab4j.data;

/**
 * Input a person must fix: names the file, the line (1-based; 0 when not about one line), the
 * line's text, and what was expected. The message is complete on its own, and holds no raw control
 * characters from the file (a NUL shows as {@code \0}).
 */
public class DataFormatException extends RuntimeException {
    private final String file;
    private final long line;

    public DataFormatException(String file, long line, String lineText, String expected) {
        super(format(file, line, lineText, expected));
        this.file = file;
        this.line = line;
    }

    /** A problem with a whole file (empty, nothing left after filtering, missing). */
    public DataFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.line = 0;
    }

    private static String format(String file, long line, String lineText, String expected) {
        String shown = lineText == null ? "" : Text.shown(lineText, 200);
        return file + ":" + line + ": " + expected + "\n  line " + line + ": " + shown;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }
}
