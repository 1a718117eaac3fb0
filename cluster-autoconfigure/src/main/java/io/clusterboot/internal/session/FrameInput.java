package io.clusterboot.internal.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.clusterboot.internal.ipc.MalformedMessageException;

/**
 * Reads the fields of one frame of the session protocol ({@link SessionProtocol}),
 * checking every length and count against what the frame holds, so that a malformed or
 * hostile frame fails before anything is allocated for it.
 *
 * @author ClusterBoot team
 */
final class FrameInput {

	private final ByteBuffer frame;

	FrameInput(ByteBuffer frame) {
		this.frame = frame;
	}

	byte type() {
		return this.frame.get();
	}

	int integer() {
		return this.frame.getInt();
	}

	long number() {
		return this.frame.getLong();
	}

	String string() throws MalformedMessageException {
		return new String(bytes(), StandardCharsets.UTF_8);
	}

	byte[] bytes() throws MalformedMessageException {
		int length = integer();
		if (length < 0 || length > this.frame.remaining()) {
			throw new MalformedMessageException("Length " + length + " is beyond the frame", null);
		}
		byte[] bytes = new byte[length];
		this.frame.get(bytes);
		return bytes;
	}

	boolean bool() throws MalformedMessageException {
		byte value = this.frame.get();
		if (value != 0 && value != 1) {
			throw new MalformedMessageException("Invalid boolean " + value, null);
		}
		return value == 1;
	}

	String optionalString() throws MalformedMessageException {
		return bool() ? string() : null;
	}

	Instant instant() throws MalformedMessageException {
		return Instant.ofEpochSecond(number(), nanos());
	}

	Duration duration() throws MalformedMessageException {
		return Duration.ofSeconds(number(), nanos());
	}

	private int nanos() throws MalformedMessageException {
		int nanos = integer();
		if (nanos < 0 || nanos > 999_999_999) {
			throw new MalformedMessageException("Invalid nanoseconds " + nanos, null);
		}
		return nanos;
	}

	/**
	 * Reads a count of entries, each at least some bytes long.
	 */
	private int count(int entryBytes) throws MalformedMessageException {
		int count = integer();
		if (count < 0 || (long) count * entryBytes > this.frame.remaining()) {
			throw new MalformedMessageException("Count " + count + " is beyond the frame", null);
		}
		return count;
	}

	Map<String, byte[]> attributes() throws MalformedMessageException {
		int count = count(8);
		Map<String, byte[]> attributes = new HashMap<>(count * 2);
		for (int i = 0; i < count; i++) {
			if (attributes.put(string(), bytes()) != null) {
				throw new MalformedMessageException("An attribute is named twice", null);
			}
		}
		return attributes;
	}

	Set<String> names() throws MalformedMessageException {
		int count = count(4);
		Set<String> names = new HashSet<>(count * 2);
		for (int i = 0; i < count; i++) {
			names.add(string());
		}
		return names;
	}

	StoredSession session() throws MalformedMessageException {
		return new StoredSession(string(), instant(), instant(), duration(), attributes());
	}

	SessionChange change() throws MalformedMessageException {
		return new SessionChange(string(), optionalString(), bool(), instant(), instant(), duration(),
				attributes(), names());
	}

	<T> T end(T message) throws MalformedMessageException {
		if (this.frame.hasRemaining()) {
			throw new MalformedMessageException(this.frame.remaining() + " bytes left over", null);
		}
		return message;
	}

}
