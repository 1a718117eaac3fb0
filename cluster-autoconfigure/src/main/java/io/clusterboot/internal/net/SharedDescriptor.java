package io.clusterboot.internal.net;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.clusterboot.internal.posix.Posix;
import io.clusterboot.internal.posix.UnixSockets;

/**
 * A socket's descriptor that some threads block on while another closes it. Closing
 * shuts the socket down, which returns the calls blocked on it, and closes the descriptor
 * once the last call on it returned: a call never reaches another file that reuses its
 * number.
 *
 * @author ClusterBoot team
 */
final class SharedDescriptor {

	private final int fd;

	/**
	 * The calls in progress, and one for the descriptor while it is open.
	 */
	private final AtomicInteger holds = new AtomicInteger(1);

	private final AtomicBoolean closed = new AtomicBoolean();

	SharedDescriptor(int fd) {
		this.fd = fd;
	}

	/**
	 * Takes the descriptor for a call; {@link #release()} gives it back.
	 * @return the descriptor
	 * @throws ClosedChannelException if it was closed
	 */
	int acquire() throws ClosedChannelException {
		while (true) {
			int held = this.holds.get();
			if (held == 0 || this.closed.get()) {
				throw new ClosedChannelException();
			}
			if (this.holds.compareAndSet(held, held + 1)) {
				return this.fd;
			}
		}
	}

	void release() {
		if (this.holds.decrementAndGet() == 0) {
			Posix.closeQuietly(this.fd);
		}
	}

	boolean isOpen() {
		return !this.closed.get();
	}

	/**
	 * Shuts the socket down and closes the descriptor once no call uses it.
	 */
	void close() {
		if (this.closed.compareAndSet(false, true)) {
			UnixSockets.shutdown(this.fd);
			release();
		}
	}

}
