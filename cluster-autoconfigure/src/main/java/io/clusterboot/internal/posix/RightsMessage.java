package io.clusterboot.internal.posix;

import com.sun.jna.Memory;

/**
 * A message of a Unix socket that carries descriptors: a {@code msghdr} with one
 * {@code iovec} for the payload and a {@code cmsghdr} of {@code SCM_RIGHTS} for the
 * descriptors, in native memory, laid out by hand for 64-bit Linux.
 *
 * @author ClusterBoot team
 */
final class RightsMessage implements AutoCloseable {

	private static final int SOL_SOCKET = 1;

	private static final int SCM_RIGHTS = 1;

	private static final int MSG_CTRUNC = 0x8;

	/** {@code cmsg_len}, {@code cmsg_level} and {@code cmsg_type}. */
	private static final int CMSG_HEADER = 16;

	/** {@code msg_controllen}: set to the room, and by the kernel to what it used. */
	private static final int CONTROL_LENGTH = 40;

	/** {@code msg_flags}: set by the kernel. */
	private static final int FLAGS = 48;

	private final Memory header = new Memory(56);

	private final Memory iovec = new Memory(16);

	private final Memory data;

	private final Memory control;

	/**
	 * Creates an empty message.
	 * @param dataSize the room for the payload, at least one byte
	 * @param descriptors the room for descriptors
	 */
	RightsMessage(int dataSize, int descriptors) {
		this.data = new Memory(dataSize);
		this.control = new Memory(CMSG_HEADER + ((4L * descriptors + 7) & ~7L));
		this.header.clear();
		this.control.clear();
		this.iovec.setPointer(0, this.data);
		this.iovec.setLong(8, dataSize);
		this.header.setPointer(16, this.iovec);
		this.header.setLong(24, 1);
		this.header.setPointer(32, this.control);
		this.header.setLong(CONTROL_LENGTH, this.control.size());
	}

	/**
	 * Creates a message to send.
	 * @param payload the payload
	 * @param descriptors the descriptors
	 * @return the message
	 */
	static RightsMessage of(byte[] payload, int[] descriptors) {
		RightsMessage message = new RightsMessage(Math.max(payload.length, 1), descriptors.length);
		message.data.write(0, payload, 0, payload.length);
		message.iovec.setLong(8, payload.length);
		message.control.setLong(0, CMSG_HEADER + 4L * descriptors.length);
		message.control.setInt(8, SOL_SOCKET);
		message.control.setInt(12, SCM_RIGHTS);
		message.control.write(CMSG_HEADER, descriptors, 0, descriptors.length);
		return message;
	}

	long sendmsg(int fd, int flags) throws ErrnoException {
		return ErrnoException.check(Libc.INSTANCE.sendmsg(fd, this.header, flags).longValue(), "sendmsg");
	}

	long recvmsg(int fd, int flags) throws ErrnoException {
		return ErrnoException.check(Libc.INSTANCE.recvmsg(fd, this.header, flags).longValue(), "recvmsg");
	}

	/**
	 * Returns the payload a received message holds.
	 * @param length the length {@code recvmsg} returned
	 * @return the payload
	 */
	byte[] payload(long length) {
		return this.data.getByteArray(0, (int) length);
	}

	/**
	 * Returns the descriptors a received message carries.
	 * @return the descriptors, none if it carried none
	 */
	int[] descriptors() {
		if (this.header.getLong(CONTROL_LENGTH) >= CMSG_HEADER && this.control.getInt(8) == SOL_SOCKET
				&& this.control.getInt(12) == SCM_RIGHTS) {
			return this.control.getIntArray(CMSG_HEADER, (int) ((this.control.getLong(0) - CMSG_HEADER) / 4));
		}
		return new int[0];
	}

	/**
	 * Returns whether more descriptors were sent than the message had room for.
	 * @return whether the kernel truncated its control data
	 */
	boolean isTruncated() {
		return (this.header.getInt(FLAGS) & MSG_CTRUNC) != 0;
	}

	@Override
	public void close() {
		this.header.close();
		this.iovec.close();
		this.data.close();
		this.control.close();
	}

}
