/**
 * The README's code samples as compiled sources, so that they cannot rot: each method holds one
 * sample as the README shows it, and {@code ReadmeSnippetsTest} checks the README against them.
 * The helpers they call ({@code redirect}, {@code store}, …) stand for the integrator's own code.
 */
package dev.verifykit.examples.snippets;
