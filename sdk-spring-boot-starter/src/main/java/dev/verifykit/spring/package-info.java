/**
 * Spring Boot auto-configuration for VerifyKit: clients from {@code verifykit.*} properties
 * ({@link dev.verifykit.spring.DockProperties}, {@link dev.verifykit.spring.DokaiProperties},
 * {@link dev.verifykit.spring.RobloxProperties}), customizers for their builders, every
 * {@code VerifyKitListener} bean added to every client, and the webhook endpoint and Dock browser
 * relay registered as servlets when enabled.
 */
package dev.verifykit.spring;
