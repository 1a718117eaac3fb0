package io.clusterboot.internal.ipc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One end of a control connection. A message travels as a four-byte big-endian length
 * followed by that many bytes of JSON; anything longer than {@link #MAX_MESSAGE_BYTES} is
 * refused before it is read.
 * <p>
 * Reads and writes go straight to the channel: the JDK's channel streams lock the
 * channel while a read blocks, which would stop another thread from writing.
 *
 * @author ClusterBoot team
 */
final class ControlChannel implements Closeable {

	/**
	 * Largest message accepted, in bytes.
	 */
	static final int MAX_MESSAGE_BYTES = 64 * 1024;

	private final ByteChannel channel;

	private final Object writeLock = new Object();

	/**
	 * Wraps a connected blocking channel.
	 * @param channel the channel
	 */
	ControlChannel(ByteChannel channel) {
		this.channel = channel;
	}

	/**
	 * Reads the next message, blocking until it arrives.
	 * @return the message
	 * @throws EOFException if the other end closed the connection
	 * @throws MalformedMessageException if the bytes are not a valid message
	 * @throws IOException on any other failure
	 */
	ControlMessage read() throws IOException {
		ByteBuffer header = readFully(ByteBuffer.allocate(4));
		int length = header.getInt(0);
		if (length <= 0 || length > MAX_MESSAGE_BYTES) {
			throw new MalformedMessageException("Message length " + length
					+ " is outside 1.." + MAX_MESSAGE_BYTES, null);
		}
		byte[] body = readFully(ByteBuffer.allocate(length)).array();
		if (!(ControlJson.read(body) instanceof Map<?, ?> json)) {
			throw new MalformedMessageException("Message is not a JSON object", null);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> values = (Map<String, Object>) json;
		if (!(values.remove("type") instanceof String type) || type.isEmpty()) {
			throw new MalformedMessageException("Message has no type", null);
		}
		return new ControlMessage(type, values);
	}

	/**
	 * Writes a message. Safe to call from several threads.
	 * @param message the message
	 * @throws IOException if the message cannot be sent
	 */
	void write(ControlMessage message) throws IOException {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("type", message.type());
		values.putAll(message.values());
		byte[] body = ControlJson.write(values);
		if (body.length > MAX_MESSAGE_BYTES) {
			throw new IOException("Message of " + body.length + " bytes is larger than " + MAX_MESSAGE_BYTES);
		}
		ByteBuffer frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
		synchronized (this.writeLock) {
			while (frame.hasRemaining()) {
				this.channel.write(frame);
			}
		}
	}

	private ByteBuffer readFully(ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			if (this.channel.read(buffer) < 0) {
				throw new EOFException("Control channel closed");
			}
		}
		return buffer;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	/**
	 * Closes the channel where nothing more can be done if that fails: the master drops
	 * a connection.
	 */
	void closeQuietly() {
		try {
			close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

}
