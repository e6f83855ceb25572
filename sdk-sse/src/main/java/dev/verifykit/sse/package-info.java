/** Dock session streams over Server-Sent Events. */
package dev.verifykit.sse;
