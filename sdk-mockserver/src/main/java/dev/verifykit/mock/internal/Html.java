package dev.verifykit.mock.internal;

/**
 * The small HTML pages of the mock (Dock's verify page, Dokai's hosted page): one frame and style,
 * a {@link Page} written part by part, and escaping.
 *
 * <p>{@code Html.page("Dock verification vsn_…", style).heading("Dock verification (mock)")
 * .rows("Session", id, "Status", status).error(message).render()}
 */
public final class Html {
    /** The styles every page shares; a page adds its own. */
    public static final String BASE_STYLE = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:max-content 1fr;"
            + "gap:.3rem 1rem}dt{color:#59636e}dd{margin:0;font-family:ui-monospace,monospace;word-break:break-all}"
            + ".note{color:#59636e;font-size:.9rem}";

    private Html() {}

    /** A page titled {@code title} (escaped) with {@code style} after the shared one. */
    public static Page page(String title, String style) {
        return new Page(title, style);
    }

    /** The page for a link that leads nowhere, titled {@code title}. */
    public static String notFound(String title, String style) {
        return page(title, style).heading(title).note("This verification link is unknown or no longer valid.").render();
    }

    /** A page being written, part by part in order. */
    public static final class Page {
        private final String title;
        private final String style;
        private final StringBuilder body = new StringBuilder();

        private Page(String title, String style) {
            this.title = title;
            this.style = style;
        }

        public Page heading(String text) {
            return markup("<h1>" + escape(text) + "</h1>");
        }

        /** A definition list of names and values, alternating, all escaped. */
        public Page rows(String... namesAndValues) {
            body.append("<dl>");
            for (int i = 0; i < namesAndValues.length; i += 2) {
                body.append("<dt>").append(escape(namesAndValues[i])).append("</dt><dd>")
                        .append(escape(namesAndValues[i + 1])).append("</dd>");
            }
            return markup("</dl>");
        }

        /** An error paragraph (escaped), or nothing when {@code message} is null. */
        public Page error(String message) {
            return message == null ? this : markup("<p class=\"error\">" + escape(message) + "</p>");
        }

        /** A note in grey; {@code text} is trusted markup. */
        public Page note(String text) {
            return markup("<p class=\"note\">" + text + "</p>");
        }

        /** Trusted markup, as it is. */
        public Page markup(String html) {
            body.append(html);
            return this;
        }

        /** The whole page. */
        public String render() {
            return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>" + escape(title) + "</title><style>" + BASE_STYLE + style + "</style></head><body>"
                    + body + "</body></html>";
        }
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
