package io.clusterboot.internal.posix;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link Posix} with JNA, on Linux: real calls, and how their failures read.
 *
 * @author ClusterBoot team
 */
@EnabledOnOs(OS.LINUX)
class PosixTests {

	/** Above any open file limit: never open. */
	private static final int NEVER_OPEN = 1 << 30;

	private static final int ESRCH = 3;

	private static final int ECHILD = 10;

	@Test
	void libcIsAvailable() {
		assertThat(Posix.isAvailable()).isTrue();
	}

	@Test
	void aFailedCallThrowsItsErrnoAndWhatTheSystemSays() {
		assertThatExceptionOfType(ErrnoException.class).isThrownBy(() -> Posix.close(NEVER_OPEN))
			.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(ErrnoException.EBADF))
			.withMessage("Bad file descriptor (errno 9 from close)");
	}

	@Test
	void theErrnoReadIsTheOneThisThreadsLastCallSet() throws InterruptedException {
		assertThatExceptionOfType(ErrnoException.class).isThrownBy(() -> Posix.waitpid(1))
			.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(ECHILD));
		Thread other = new Thread(() -> Posix.closeQuietly(NEVER_OPEN));
		other.start();
		other.join();
		assertThat(ErrnoException.last("waitpid").errno()).isEqualTo(ECHILD);
	}

	@Test
	void aSignalIsSentToAProcess() {
		// signal 0 only checks that the process exists and may be signalled
		assertThatNoException().isThrownBy(() -> Posix.kill(ProcessHandle.current().pid(), 0));
	}

	@Test
	void thePriorityOfAThreadThatIsGoneIsNotSet() {
		assertThatExceptionOfType(ErrnoException.class).isThrownBy(() -> Posix.setPriority(Integer.MAX_VALUE, 10))
			.satisfies((ex) -> assertThat(ex.errno()).isEqualTo(ESRCH));
	}

	@Test
	void freeNativeMemoryIsReturned() {
		assertThatNoException().isThrownBy(Posix::mallocTrim);
	}

	@Test
	void theEffectiveUserIsTheOwnerOfThisProcess() throws Exception {
		int owner = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
		assertThat(Posix.effectiveUserId()).isEqualTo(owner);
	}

}
