package dev.verifykit.error;

/**
 * The class path holds a version of OkHttp, Okio or the Kotlin standard library that VerifyKit
 * cannot run on, typically chosen by another BOM (such as an older Spring Boot's) imported before
 * {@code verifykit-bom}. Thrown when a client is built, instead of a {@code NoSuchMethodError} in
 * the middle of a call; the message names each library found, its version and jar, and the
 * version needed.
 *
 * <pre>{@code
 * // Fix the build: import dev.verifykit:verifykit-bom before other BOMs, or raise the versions named.
 * // -Dverifykit.dependencyCheck=false skips the check (at your own risk).
 * }</pre>
 */
public class DependencyConflictException extends VerifyKitException {
    /** @param message what was found and what is needed */
    public DependencyConflictException(String message) {
        super(null, message, null, null);
    }
}
