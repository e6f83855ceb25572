package dev.verifykit.json.internal;

/** Bytes that are not the JSON expected; callers turn it into their service's exception. */
public final class JsonFormatException extends RuntimeException {
    public JsonFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
