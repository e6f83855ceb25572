package dev.verifykit.mock.internal;

/** The small HTML pages of the mock (Dock's verify page, Dokai's hosted page): a frame, rows, escaping. */
public final class Html {
    /** The styles every page shares; a page adds its own. */
    public static final String BASE_STYLE = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:max-content 1fr;"
            + "gap:.3rem 1rem}dt{color:#59636e}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}"
            + ".note{color:#59636e;font-size:.9rem}";

    private Html() {}

    /** A whole page: {@code body} is trusted markup; the title is escaped. */
    public static String page(String title, String style, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>" + BASE_STYLE + style + "</style></head><body>"
                + body + "</body></html>";
    }

    /** A name and value of a definition list, both escaped. */
    public static String row(String name, String value) {
        return "<dt>" + escape(name) + "</dt><dd>" + escape(value) + "</dd>";
    }

    /** Text made safe for HTML content and attribute values; {@code null} is empty. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
