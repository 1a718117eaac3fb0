package io.clusterboot.internal.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * Every libc function ClusterBoot calls, bound through JNA in one load of the library.
 * None declares {@code LastErrorException}: the facades test the result as C does and
 * read {@code errno} only when it says the call failed, and no class outside this
 * binding names one of JNA's types where the JVM's verifier would load it, so that the
 * facades load, and answer that libc is not available, where JNA is missing.
 * <p>
 * Sizes are {@code NativeLong} where C has {@code size_t} or {@code ssize_t}, so that the
 * calls that need no structure also work on a 32-bit JVM.
 *
 * @author ClusterBoot team
 */
interface Libc extends Library {

	/** The library, loaded when a facade first calls it once it found JNA. */
	Libc INSTANCE = Native.load("c", Libc.class);

	int socket(int domain, int type, int protocol);

	int setsockopt(int fd, int level, int name, byte[] value, int length);

	int getsockopt(int fd, int level, int name, byte[] value, IntByReference length);

	int bind(int fd, byte[] address, int length);

	int listen(int fd, int backlog);

	int connect(int fd, byte[] address, int length);

	int accept4(int fd, Pointer address, Pointer length, int flags);

	int getsockname(int fd, byte[] address, IntByReference length);

	NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags);

	NativeLong send(int fd, byte[] buffer, NativeLong length, int flags);

	NativeLong sendto(int fd, byte[] message, NativeLong length, int flags, byte[] address, int addressLength);

	NativeLong sendmsg(int fd, Pointer message, int flags);

	NativeLong recvmsg(int fd, Pointer message, int flags);

	int shutdown(int fd, int how);

	int dup2(int fd, int target);

	int close(int fd);

	int geteuid();

	int kill(int pid, int signal);

	int waitpid(int pid, IntByReference status, int options);

	int setsid();

	int setpriority(int which, int who, int nice);

	/** glibc only: musl has no {@code malloc_trim}. */
	int malloc_trim(NativeLong pad);

	String strerror(int errno);

}
