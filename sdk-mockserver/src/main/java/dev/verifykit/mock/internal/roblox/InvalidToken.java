package dev.verifykit.mock.internal.roblox;

/** A token {@code auth.refresh} does not accept; the message says why, in the real server's words. */
final class InvalidToken extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidToken(String message) {
        super(message, null, false, false);
    }
}
