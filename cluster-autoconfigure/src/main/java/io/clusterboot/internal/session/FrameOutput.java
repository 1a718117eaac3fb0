package io.clusterboot.internal.session;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the fields of one frame of the session protocol ({@link SessionProtocol}).
 *
 * @author ClusterBoot team
 */
final class FrameOutput {

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

	private final DataOutputStream data = new DataOutputStream(this.bytes);

	/**
	 * Starts a frame: room for its length, then the request's id.
	 * @param id the request's id
	 */
	FrameOutput(long id) {
		integer(0).number(id);
	}

	FrameOutput type(byte type) {
		return write(() -> this.data.writeByte(type));
	}

	FrameOutput integer(int value) {
		return write(() -> this.data.writeInt(value));
	}

	FrameOutput number(long value) {
		return write(() -> this.data.writeLong(value));
	}

	FrameOutput string(String value) {
		return bytes(value.getBytes(StandardCharsets.UTF_8));
	}

	FrameOutput bytes(byte[] value) {
		return integer(value.length).write(() -> this.data.write(value));
	}

	FrameOutput bool(boolean value) {
		return write(() -> this.data.writeBoolean(value));
	}

	FrameOutput optionalString(String value) {
		bool(value != null);
		return (value != null) ? string(value) : this;
	}

	FrameOutput instant(Instant value) {
		return number(value.getEpochSecond()).integer(value.getNano());
	}

	FrameOutput duration(Duration value) {
		return number(value.getSeconds()).integer(value.getNano());
	}

	FrameOutput session(StoredSession session) {
		string(session.id()).instant(session.creationTime()).instant(session.lastAccessedTime());
		return duration(session.maxInactiveInterval()).attributes(session.attributes());
	}

	FrameOutput change(SessionChange change) {
		string(change.id()).optionalString(change.previousId()).bool(change.created());
		instant(change.creationTime()).instant(change.lastAccessedTime()).duration(change.maxInactiveInterval());
		attributes(change.changedAttributes()).integer(change.removedAttributes().size());
		change.removedAttributes().forEach(this::string);
		return this;
	}

	private FrameOutput attributes(Map<String, byte[]> attributes) {
		integer(attributes.size());
		attributes.forEach((name, value) -> string(name).bytes(value));
		return this;
	}

	/**
	 * Returns the frame written, its length prefix set.
	 * @return the frame, ready to write
	 */
	ByteBuffer frame() {
		ByteBuffer frame = ByteBuffer.wrap(this.bytes.toByteArray());
		return frame.putInt(0, frame.remaining() - 4);
	}

	private FrameOutput write(Write write) {
		try {
			write.run();
			return this;
		}
		catch (IOException ex) {
			// a ByteArrayOutputStream does not fail
			throw new UncheckedIOException(ex);
		}
	}

	private interface Write {

		void run() throws IOException;

	}

}
