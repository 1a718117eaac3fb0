package io.clusterboot.internal.posix;

import java.util.OptionalInt;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;

import org.springframework.util.ClassUtils;

/**
 * The libc calls that the JDK has no API for, on processes and descriptors, and the one
 * answer to whether they can be made here: on Linux, with JNA on the class path and able
 * to load libc. JNA is an optional dependency: without it this class still loads and
 * says that libc is not available, and its callers take the way they have without it
 * (workers bind {@code SO_REUSEPORT} sockets of their own, the control socket is the
 * JDK's channel...).
 * The socket calls are {@link PosixSockets}'s.
 * <p>
 * Every call through JNA goes through {@link Libc}, one load of the library; a call
 * that fails throws an {@link ErrnoException} that names the error.
 *
 * @author ClusterBoot team
 */
public final class Posix {

	/** The signal that makes a JVM print its threads. */
	public static final int SIGQUIT = 3;

	private static final int WNOHANG = 1;

	private static final int PRIO_PROCESS = 0;

	private Posix() {
	}

	/**
	 * Returns whether libc's calls can be made here, asked once.
	 * @return {@code true} on Linux with JNA on the class path
	 */
	public static boolean isAvailable() {
		return Availability.AVAILABLE;
	}

	/**
	 * Returns whether the calls that take structures, such as timeouts and messages that
	 * pass descriptors, can be made too: they are laid out for 64-bit Linux (the same on
	 * x86-64 and AArch64).
	 * @return {@code true} on Linux with JNA on the class path in a 64-bit JVM
	 */
	public static boolean isAvailableOn64Bits() {
		return Availability.ON_64_BITS;
	}

	/**
	 * Sends a signal to a process.
	 * @param pid the process
	 * @param signal the signal, such as {@link #SIGQUIT}
	 * @throws ErrnoException if it cannot be sent
	 */
	public static void kill(long pid, int signal) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.kill((int) pid, signal), "kill");
	}

	/**
	 * Collects the wait status of a child that exited, without waiting for it
	 * ({@code waitpid} with {@code WNOHANG}).
	 * @param pid the child
	 * @return its wait status, or nothing if it still runs
	 * @throws ErrnoException if it is not a child of this process, or was collected
	 */
	public static OptionalInt waitpid(long pid) throws ErrnoException {
		IntByReference status = new IntByReference();
		int collected = ErrnoException.check(Libc.INSTANCE.waitpid((int) pid, status, WNOHANG), "waitpid");
		return (collected == pid) ? OptionalInt.of(status.getValue()) : OptionalInt.empty();
	}

	/**
	 * Starts a session, and with it a process group, of which this process is the
	 * leader; the kernel gives a session a scheduling autogroup of its own.
	 * @throws ErrnoException if this process leads a process group already
	 */
	public static void setsid() throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.setsid(), "setsid");
	}

	/**
	 * Sets the nice value of one thread: on Linux, {@code setpriority} with a thread id
	 * acts on that thread only.
	 * @param tid the thread, as {@code /proc/self/task} lists it
	 * @param nice the nice value
	 * @throws ErrnoException if the thread is gone, or the value needs a privilege
	 */
	public static void setPriority(int tid, int nice) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.setpriority(PRIO_PROCESS, tid, nice), "setpriority");
	}

	/**
	 * Returns the memory that {@code malloc} holds free to the operating system, where
	 * libc is glibc; does nothing with a libc without {@code malloc_trim}, such as musl.
	 */
	public static void mallocTrim() {
		try {
			Libc.INSTANCE.malloc_trim(new NativeLong(0));
		}
		catch (UnsatisfiedLinkError ex) {
			// not glibc
		}
	}

	/**
	 * Returns the user this process acts as.
	 * @return the effective user id
	 */
	public static long effectiveUserId() {
		return Integer.toUnsignedLong(Libc.INSTANCE.geteuid());
	}

	/**
	 * Makes {@code target} a duplicate of {@code fd}, closing what it was first.
	 * @param fd the descriptor to duplicate
	 * @param target the number the duplicate takes
	 * @throws ErrnoException if {@code fd} is not open
	 */
	public static void dup2(int fd, int target) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.dup2(fd, target), "dup2");
	}

	/**
	 * Closes a descriptor.
	 * @param fd the descriptor
	 * @throws ErrnoException if it was not open
	 */
	public static void close(int fd) throws ErrnoException {
		ErrnoException.check(Libc.INSTANCE.close(fd), "close");
	}

	/**
	 * Closes a descriptor that nothing is left to release of if it fails.
	 * @param fd the descriptor
	 */
	public static void closeQuietly(int fd) {
		Libc.INSTANCE.close(fd);
	}

	/**
	 * Closes descriptors that nothing is left to release of if it fails.
	 * @param descriptors the descriptors
	 */
	public static void closeQuietly(int[] descriptors) {
		for (int descriptor : descriptors) {
			closeQuietly(descriptor);
		}
	}

	/**
	 * Whether libc can be called, found once: JNA is looked for before any of its classes
	 * is touched, and a JNA that cannot load its native part or libc counts as none.
	 */
	private static final class Availability {

		static final boolean AVAILABLE = isAvailable();

		static final boolean ON_64_BITS = AVAILABLE && Native.POINTER_SIZE == 8;

		private static boolean isAvailable() {
			if (!ClassUtils.isPresent("com.sun.jna.Native", Posix.class.getClassLoader())) {
				return false;
			}
			try {
				return Platform.isLinux() && Libc.INSTANCE != null;
			}
			catch (LinkageError ex) {
				return false;
			}
		}

	}

}
