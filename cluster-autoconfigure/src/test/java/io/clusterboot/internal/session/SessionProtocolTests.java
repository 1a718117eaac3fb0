package io.clusterboot.internal.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.session.SessionProtocol.Numbered;
import io.clusterboot.internal.session.SessionReply.Found;
import io.clusterboot.internal.session.SessionReply.Rejected;
import io.clusterboot.internal.session.SessionReply.TooLarge;
import io.clusterboot.internal.session.SessionReply.Welcome;
import io.clusterboot.internal.session.SessionRequest.Delete;
import io.clusterboot.internal.session.SessionRequest.Find;
import io.clusterboot.internal.session.SessionRequest.Hello;
import io.clusterboot.internal.session.SessionRequest.Save;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SessionProtocol}.
 *
 * @author ClusterBoot team
 */
class SessionProtocolTests {

	static final StoredSession SESSION = new StoredSession("s-1", Instant.parse("2026-12-07T10:00:00.123456789Z"),
			Instant.parse("2026-12-07T10:05:00Z"), Duration.ofMinutes(30),
			Map.of("cart", new byte[] { 1, 2, 3 }, "user", "ünïcode".getBytes(StandardCharsets.UTF_8)));

	static final SessionChange CHANGE = new SessionChange("s-2", "s-1", false, SESSION.creationTime(),
			Instant.parse("2026-12-07T10:06:00Z"), Duration.ofSeconds(-1), Map.of("cart", new byte[] { 4 }),
			Set.of("user", "flash"));

	@Test
	void requestsShouldTravelWhole() throws MalformedMessageException {
		for (SessionRequest request : List.of(new Hello(1, "token"), new Find("s-1"), new Save(CHANGE, true),
				new Delete("s-1"))) {
			Numbered<SessionRequest> decoded = SessionProtocol.decodeRequest(body(SessionProtocol.encode(42, request)));
			assertThat(decoded.id()).isEqualTo(42);
			assertThat(decoded.message()).usingRecursiveComparison().isEqualTo(request);
		}
	}

	@Test
	void repliesShouldTravelWhole() throws MalformedMessageException {
		for (SessionReply reply : List.of(new Welcome(1024, false), new Found(SESSION), SessionReply.ABSENT,
				SessionReply.DONE, new TooLarge(5_000_000_000L, 1024), new Rejected("no"))) {
			Numbered<SessionReply> decoded = SessionProtocol.decodeReply(body(SessionProtocol.encode(-7, reply)));
			assertThat(decoded.id()).isEqualTo(-7);
			assertThat(decoded.message()).usingRecursiveComparison().isEqualTo(reply);
		}
	}

	@Test
	void sizeShouldBeTheLengthOfTheSessionsEncoding() {
		ByteBuffer frame = SessionProtocol.encode(1, new Found(SESSION));
		assertThat(SessionProtocol.size(SESSION)).isEqualTo(frame.remaining() - 4 - 8 - 1);
	}

	@Test
	void frameShouldStartWithTheLengthOfTheRest() {
		ByteBuffer frame = SessionProtocol.encode(1, new Find("abc"));
		assertThat(frame.getInt(0)).isEqualTo(frame.remaining() - 4);
	}

	@Test
	void unknownTypeShouldBeMalformed() {
		ByteBuffer frame = ByteBuffer.allocate(9).putLong(1).put((byte) 99).flip();
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> SessionProtocol.decodeRequest(frame))
			.withMessage("Unknown request type 99");
	}

	@Test
	void truncatedFrameShouldBeMalformed() {
		ByteBuffer whole = body(SessionProtocol.encode(1, new Save(CHANGE, true)));
		ByteBuffer truncated = whole.slice(0, whole.remaining() - 3);
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> SessionProtocol.decodeRequest(truncated));
	}

	@Test
	void bytesLeftOverShouldBeMalformed() {
		ByteBuffer frame = SessionProtocol.encode(1, new Delete("s"));
		ByteBuffer longer = ByteBuffer.allocate(frame.remaining() + 1 - 4).put(body(frame)).put((byte) 0).flip();
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> SessionProtocol.decodeRequest(longer))
			.withMessage("1 bytes left over");
	}

	@Test
	void lengthBeyondTheFrameShouldBeMalformedBeforeAnythingIsAllocated() {
		ByteBuffer frame = ByteBuffer.allocate(13).putLong(1).put((byte) 2).putInt(Integer.MAX_VALUE).flip();
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> SessionProtocol.decodeRequest(frame))
			.withMessageContaining("beyond the frame");
	}

	@Test
	void attributeCountBeyondTheFrameShouldBeMalformed() {
		ByteBuffer found = ByteBuffer.allocate(64).putLong(1).put((byte) 2).putInt(1).put((byte) 's');
		found.putLong(0).putInt(0).putLong(0).putInt(0).putLong(0).putInt(0).putInt(1_000_000).flip();
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> SessionProtocol.decodeReply(found))
			.withMessage("Count 1000000 is beyond the frame");
	}

	@Test
	void attributeNamedTwiceShouldBeMalformed() {
		ByteBuffer found = ByteBuffer.allocate(128).putLong(1).put((byte) 2).putInt(1).put((byte) 's');
		found.putLong(0).putInt(0).putLong(0).putInt(0).putLong(0).putInt(0).putInt(2);
		for (int i = 0; i < 2; i++) {
			found.putInt(1).put((byte) 'a').putInt(0);
		}
		found.flip();
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> SessionProtocol.decodeReply(found))
			.withMessage("An attribute is named twice");
	}

	@Test
	void invalidNanosecondsShouldBeMalformed() {
		ByteBuffer found = ByteBuffer.allocate(128).putLong(1).put((byte) 2).putInt(1).put((byte) 's');
		found.putLong(0).putInt(-1).putLong(0).putInt(0).putLong(0).putInt(0).putInt(0).flip();
		assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> SessionProtocol.decodeReply(found))
			.withMessage("Invalid nanoseconds -1");
	}

	@Test
	void helloShouldNotShowItsToken() {
		assertThat(new Hello(1, "secret")).hasToString("Hello[protocol=1]");
	}

	@Test
	void sessionsAndChangesShouldNotShowIdsNorBytes() {
		assertThat(SESSION.toString()).doesNotContain("s-1").contains("cart");
		assertThat(CHANGE.toString()).doesNotContain("s-1").doesNotContain("s-2").contains("renamed=true");
		assertThat(new Find("s-1").toString()).doesNotContain("s-1");
	}

	private static ByteBuffer body(ByteBuffer frame) {
		return frame.position(4).slice();
	}

}
