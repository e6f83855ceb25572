/** The mock's Dokai hosted-KYC service; a placeholder until it is built. */
package dev.verifykit.mock.internal.dokai;
