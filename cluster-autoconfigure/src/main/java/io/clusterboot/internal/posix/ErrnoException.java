package io.clusterboot.internal.posix;

import java.io.IOException;

import com.sun.jna.Native;

/**
 * A libc call that failed, with the {@code errno} it set: callers that tell one failure
 * from another compare {@link #errno()} with the constants here, and the message says
 * what the system said, such as {@code Address already in use (errno 98 from bind)}.
 *
 * @author ClusterBoot team
 */
public final class ErrnoException extends IOException {

	/** The call was interrupted by a signal before it did anything. */
	public static final int EINTR = 4;

	/** The descriptor is not open. */
	public static final int EBADF = 9;

	/** The descriptor is not a socket. */
	public static final int ENOTSOCK = 88;

	/** The address is taken. */
	public static final int EADDRINUSE = 98;

	private final int errno;

	/**
	 * Creates an exception for a failed call.
	 * @param call the function, such as {@code bind}
	 * @param errno the error it set
	 * @param description the error's description, {@code strerror}'s
	 */
	ErrnoException(String call, int errno, String description) {
		super(description + " (errno " + errno + " from " + call + ")");
		this.errno = errno;
	}

	/**
	 * Returns the error the call set.
	 * @return the {@code errno} value
	 */
	public int errno() {
		return this.errno;
	}

	/**
	 * Returns the result of a call that returns -1 on failure, or throws for the
	 * {@code errno} it set.
	 * @param result what the call returned
	 * @param call the function, for the message
	 * @return the result
	 * @throws ErrnoException if the call failed
	 */
	static int check(int result, String call) throws ErrnoException {
		return (int) check((long) result, call);
	}

	/**
	 * Returns the result of a call that returns -1 on failure, such as a length, or
	 * throws for the {@code errno} it set.
	 * @param result what the call returned
	 * @param call the function, for the message
	 * @return the result
	 * @throws ErrnoException if the call failed
	 */
	static long check(long result, String call) throws ErrnoException {
		if (result == -1) {
			throw last(call);
		}
		return result;
	}

	/**
	 * Returns the exception for the {@code errno} that the last call of this thread set.
	 * @param call the function, for the message
	 * @return the exception
	 */
	static ErrnoException last(String call) {
		int errno = Native.getLastError();
		return new ErrnoException(call, errno, Libc.INSTANCE.strerror(errno));
	}

}
