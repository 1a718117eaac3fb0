package io.clusterboot.ipc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One end of a control connection. A message travels as a four-byte big-endian length
 * followed by that many bytes of JSON; anything longer than {@link #MAX_MESSAGE_BYTES} is
 * refused before it is read.
 * <p>
 * Reads and writes go straight to the channel: the JDK's channel streams lock the
 * channel while a read blocks, which would stop another thread from writing.
 *
 * @author ClusterBoot team
 * @since 0.1.0
 */
public final class ControlChannel implements Closeable {

	/**
	 * Largest message accepted, in bytes.
	 */
	public static final int MAX_MESSAGE_BYTES = 64 * 1024;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
	};

	private final SocketChannel channel;

	private final Object writeLock = new Object();

	/**
	 * Wraps a connected blocking channel.
	 * @param channel the channel
	 */
	public ControlChannel(SocketChannel channel) {
		this.channel = channel;
	}

	/**
	 * Reads the next message, blocking until it arrives.
	 * @return the message
	 * @throws EOFException if the other end closed the connection
	 * @throws MalformedMessageException if the bytes are not a valid message
	 * @throws IOException on any other failure
	 */
	public ControlMessage read() throws IOException {
		ByteBuffer header = readFully(ByteBuffer.allocate(4));
		int length = header.getInt(0);
		if (length <= 0 || length > MAX_MESSAGE_BYTES) {
			throw new MalformedMessageException("Message length " + length
					+ " is outside 1.." + MAX_MESSAGE_BYTES, null);
		}
		byte[] body = readFully(ByteBuffer.allocate(length)).array();
		Map<String, Object> values;
		try {
			values = mapper.readValue(body, MAP);
		}
		catch (JacksonException ex) {
			throw new MalformedMessageException("Message is not a JSON object", ex);
		}
		Object type = (values != null) ? values.remove("type") : null;
		if (!(type instanceof String text) || text.isEmpty()) {
			throw new MalformedMessageException("Message has no type", null);
		}
		return new ControlMessage(text, values);
	}

	/**
	 * Writes a message. Safe to call from several threads.
	 * @param message the message
	 * @throws IOException if the message cannot be sent
	 */
	public void write(ControlMessage message) throws IOException {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("type", message.type());
		values.putAll(message.values());
		byte[] body = mapper.writeValueAsBytes(values);
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

}
