package io.clusterboot.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

import io.clusterboot.internal.posix.UnixSockets;

/**
 * A connected Unix stream socket accepted through libc, as a blocking channel: the JDK
 * cannot make a channel of a descriptor, nor tell the peer of one of its own channels.
 * Closing it from another thread ends a read or a write in progress.
 *
 * @author ClusterBoot team
 */
final class DescriptorChannel implements ByteChannel {

	private final SharedDescriptor descriptor;

	DescriptorChannel(int fd) {
		this.descriptor = new SharedDescriptor(fd);
	}

	@Override
	public int read(ByteBuffer target) throws IOException {
		if (!target.hasRemaining()) {
			return 0;
		}
		int fd = this.descriptor.acquire();
		try {
			byte[] bytes = new byte[target.remaining()];
			int read = UnixSockets.read(fd, bytes);
			if (read == 0) {
				return -1;
			}
			target.put(bytes, 0, read);
			return read;
		}
		finally {
			this.descriptor.release();
		}
	}

	@Override
	public int write(ByteBuffer source) throws IOException {
		int fd = this.descriptor.acquire();
		try {
			byte[] bytes = new byte[source.remaining()];
			source.duplicate().get(bytes);
			int written = UnixSockets.write(fd, bytes);
			source.position(source.position() + written);
			return written;
		}
		finally {
			this.descriptor.release();
		}
	}

	@Override
	public boolean isOpen() {
		return this.descriptor.isOpen();
	}

	@Override
	public void close() {
		this.descriptor.close();
	}

}
