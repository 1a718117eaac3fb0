package io.clusterboot.internal.session;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.util.Collection;
import java.util.Deque;

import io.clusterboot.internal.ipc.MalformedMessageException;

/**
 * One end of a session store connection, as length-prefixed frames
 * ({@link SessionProtocol}), over a blocking channel or a non-blocking one. Reads go
 * through a buffer, so that the small frames a busy worker sends back to back cost one
 * read call between them, not two each. One thread reads and one thread writes at a
 * time; a blocking channel closed by another thread ends both.
 *
 * @author ClusterBoot team
 */
final class FrameChannel implements Closeable {

	private static final int BUFFER_BYTES = 16 * 1024;

	/**
	 * The shortest frame: a request's id and a type.
	 */
	private static final int MIN_FRAME_BYTES = 9;

	private final ByteChannel channel;

	private final ByteBuffer input = ByteBuffer.allocate(BUFFER_BYTES).flip();

	/**
	 * A frame larger than the buffer, while it arrives: it is read straight into it.
	 */
	private ByteBuffer large;

	FrameChannel(ByteChannel channel) {
		this.channel = channel;
	}

	/**
	 * Reads the next frame from a blocking channel, waiting until it arrives whole.
	 * @param maxBytes the longest frame accepted; a longer one is refused before it is
	 * read
	 * @return the frame, without its length prefix
	 * @throws EOFException if the other end closed the connection
	 * @throws MalformedMessageException if the frame's length is out of bounds
	 * @throws IOException on any other failure
	 */
	ByteBuffer read(int maxBytes) throws IOException {
		ByteBuffer frame;
		do {
			frame = poll(maxBytes);
		}
		while (frame == null);
		return frame;
	}

	/**
	 * Returns the next whole frame, reading what the channel holds; from a non-blocking
	 * channel, {@code null} once no frame is whole and the channel holds no more bytes:
	 * everything the other end wrote so far has been read.
	 * @param maxBytes the longest frame accepted; a longer one is refused before it is
	 * read
	 * @return the frame, without its length prefix, or {@code null}
	 * @throws EOFException if the other end closed the connection
	 * @throws MalformedMessageException if the frame's length is out of bounds
	 * @throws IOException on any other failure
	 */
	ByteBuffer poll(int maxBytes) throws IOException {
		while (true) {
			ByteBuffer frame = buffered(maxBytes);
			if (frame != null) {
				return frame;
			}
			if (!fill()) {
				return null;
			}
		}
	}

	/**
	 * Returns whether a whole frame waits in the buffer: a reader that has none can send
	 * what it has to answer before it blocks for more.
	 * @return whether the next {@link #read} returns without reading the channel
	 */
	boolean hasBufferedFrame() {
		return this.large == null && this.input.remaining() >= 4
				&& this.input.remaining() - 4 >= this.input.getInt(this.input.position());
	}

	private ByteBuffer buffered(int maxBytes) throws MalformedMessageException {
		if (this.large != null) {
			return this.large.hasRemaining() ? null : takeLarge();
		}
		if (this.input.remaining() < 4) {
			return null;
		}
		int length = this.input.getInt(this.input.position());
		if (length < MIN_FRAME_BYTES || length > maxBytes) {
			throw new MalformedMessageException("Frame length " + length + " is outside " + MIN_FRAME_BYTES + ".."
					+ maxBytes, null);
		}
		if (this.input.remaining() - 4 >= length) {
			this.input.position(this.input.position() + 4);
			ByteBuffer frame = ByteBuffer.allocate(length);
			frame.put(this.input.slice(this.input.position(), length));
			this.input.position(this.input.position() + length);
			return frame.flip();
		}
		if (length + 4 > this.input.capacity()) {
			this.input.position(this.input.position() + 4);
			this.large = ByteBuffer.allocate(length).put(this.input);
			return this.large.hasRemaining() ? null : takeLarge();
		}
		return null;
	}

	private ByteBuffer takeLarge() {
		ByteBuffer frame = this.large.flip();
		this.large = null;
		return frame;
	}

	/**
	 * Reads once, into the large frame that arrives or else into the buffer.
	 * @return whether any byte came: not from a non-blocking channel that holds none
	 */
	private boolean fill() throws IOException {
		int read;
		if (this.large != null) {
			read = this.channel.read(this.large);
		}
		else {
			this.input.compact();
			try {
				read = this.channel.read(this.input);
			}
			finally {
				this.input.flip();
			}
		}
		if (read < 0) {
			throw new EOFException("Session store connection closed");
		}
		return read > 0;
	}

	/**
	 * Writes frames to a blocking channel, in one call where the channel gathers.
	 * @param frames the frames, with their length prefixes
	 * @throws IOException if they cannot be written
	 */
	void write(Collection<ByteBuffer> frames) throws IOException {
		ByteBuffer[] buffers = frames.toArray(ByteBuffer[]::new);
		if (this.channel instanceof GatheringByteChannel gathering) {
			while (buffers[buffers.length - 1].hasRemaining()) {
				gathering.write(buffers);
			}
			return;
		}
		for (ByteBuffer buffer : buffers) {
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}
	}

	/**
	 * Writes what a non-blocking channel takes now of frames that wait, in one call, and
	 * removes those written whole.
	 * @param frames the frames, with their length prefixes; the first may be partly
	 * written
	 * @return whether every frame was written
	 * @throws IOException if they cannot be written
	 */
	boolean flush(Deque<ByteBuffer> frames) throws IOException {
		if (!frames.isEmpty()) {
			((GatheringByteChannel) this.channel).write(frames.toArray(ByteBuffer[]::new));
			while (!frames.isEmpty() && !frames.peekFirst().hasRemaining()) {
				frames.removeFirst();
			}
		}
		return frames.isEmpty();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
