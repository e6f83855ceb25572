package dev.verifykit.json.internal;

/** Bytes that are not the JSON expected; callers turn it into their service's exception. */
public final class JsonFormatException extends RuntimeException {
    private final boolean notJson;

    /** The document is JSON, but not of the expected shape. */
    public JsonFormatException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param notJson whether the bytes are not JSON at all (a syntax error, a truncated document,
     *     text after it), rather than JSON of another shape
     */
    public JsonFormatException(String message, Throwable cause, boolean notJson) {
        super(message, cause);
        this.notJson = notJson;
    }

    /** Whether the bytes are not JSON at all, rather than JSON of another shape. */
    public boolean notJson() {
        return notJson;
    }
}
