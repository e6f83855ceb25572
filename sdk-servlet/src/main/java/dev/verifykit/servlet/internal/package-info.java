/** The relay's machinery: frames, the shared upstream per session, and the browsers' connections. Not exported. */
package dev.verifykit.servlet.internal;
