/** The mock's Dokai hosted-KYC service: sessions, the hosted page and signed webhook deliveries. */
package dev.verifykit.mock.internal.dokai;
