package io.clusterboot.internal.session;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.util.List;

import io.clusterboot.internal.ipc.MalformedMessageException;

/**
 * One end of a session store connection, as length-prefixed frames
 * ({@link SessionProtocol}). Reads go through a buffer, so that the small frames a busy
 * worker sends back to back cost one read call between them, not two each. One thread
 * reads and one thread writes; a blocking channel closed by another thread ends both.
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

	FrameChannel(ByteChannel channel) {
		this.channel = channel;
	}

	/**
	 * Reads the next frame, blocking until it arrives whole.
	 * @param maxBytes the longest frame accepted; a longer one is refused before it is
	 * read
	 * @return the frame, without its length prefix
	 * @throws EOFException if the other end closed the connection
	 * @throws MalformedMessageException if the frame's length is out of bounds
	 * @throws IOException on any other failure
	 */
	ByteBuffer read(int maxBytes) throws IOException {
		buffer(4);
		int length = this.input.getInt();
		if (length < MIN_FRAME_BYTES || length > maxBytes) {
			throw new MalformedMessageException("Frame length " + length + " is outside " + MIN_FRAME_BYTES + ".."
					+ maxBytes, null);
		}
		ByteBuffer frame = ByteBuffer.allocate(length);
		int buffered = Math.min(length, this.input.remaining());
		frame.put(this.input.slice(this.input.position(), buffered));
		this.input.position(this.input.position() + buffered);
		while (frame.hasRemaining()) {
			// the rest of a large frame goes straight to it
			fill(frame);
		}
		return frame.flip();
	}

	/**
	 * Returns whether a whole frame waits in the buffer: a reader that has none can send
	 * what it has to answer before it blocks for more.
	 * @return whether the next {@link #read} returns at once
	 */
	boolean hasBufferedFrame() {
		return this.input.remaining() >= 4 && this.input.remaining() - 4 >= this.input.getInt(this.input.position());
	}

	/**
	 * Writes frames, in one call where the channel gathers.
	 * @param frames the frames, with their length prefixes
	 * @throws IOException if they cannot be written
	 */
	void write(List<ByteBuffer> frames) throws IOException {
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
	 * Reads until the buffer holds at least some bytes.
	 */
	private void buffer(int bytes) throws IOException {
		if (this.input.remaining() >= bytes) {
			return;
		}
		this.input.compact();
		while (this.input.position() < bytes) {
			fill(this.input);
		}
		this.input.flip();
	}

	private void fill(ByteBuffer buffer) throws IOException {
		if (this.channel.read(buffer) < 0) {
			throw new EOFException("Session store connection closed");
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
