package io.clusterboot.internal.systemd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link NotifySocket}'s addresses; {@code SystemdIT} sends real datagrams.
 *
 * @author ClusterBoot team
 */
class NotifySocketTests {

	@Test
	void aPathEndsWithNul() {
		byte[] address = NotifySocket.address("/run/n");
		assertThat(ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getShort()).isEqualTo((short) 1);
		assertThat(Arrays.copyOfRange(address, 2, address.length)).isEqualTo("/run/n\0".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void anAbstractNameStartsWithNulAndHasNoEnd() {
		byte[] address = NotifySocket.address("@sd");
		assertThat(Arrays.copyOfRange(address, 2, address.length)).isEqualTo("\0sd".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void emptyOrTooLongNamesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifySocket.address(""));
		assertThatIllegalArgumentException().isThrownBy(() -> NotifySocket.address("@"));
		assertThatIllegalArgumentException().isThrownBy(() -> NotifySocket.address("/" + "x".repeat(107)));
	}

}
