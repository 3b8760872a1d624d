package org.collab4j.data;

/** How messages show text taken from a file: control characters visible, long text shortened. */
final class Text {
    private Text() {
    }

    /**
     * {@code s} with each control character but the tab written out ({@code \0}, {@code \x1B},
     * {@code \r}), so that a message never prints raw NUL or escape bytes; cut after {@code max}
     * characters with its full length said.
     */
    static String shown(String s, int max) {
        int n = s.length();
        boolean cut = n > max;
        String head = cut ? s.substring(0, max) : s;
        StringBuilder sb = null;
        for (int i = 0; i < head.length(); i++) {
            char c = head.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7F;
            if (control && sb == null) sb = new StringBuilder(head.length() + 8).append(head, 0, i);
            if (sb == null) continue;
            if (!control) sb.append(c);
            else if (c == 0) sb.append("\\0");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\n') sb.append("\\n");
            else sb.append(String.format("\\x%02X", (int) c));
        }
        String out = sb == null ? head : sb.toString();
        return cut ? out + "... (" + n + " characters)" : out;
    }
}
