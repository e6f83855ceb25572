/** The mock's control plane, mounted at {@code /_mock}. */
package dev.verifykit.mock.internal.control;
