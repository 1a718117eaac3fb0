package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link OrphanReaper}'s choice of processes, on a fake {@code /proc};
 * {@code ContainerInitIT} reaps real orphans.
 *
 * @author ClusterBoot team
 */
class OrphanReaperTests {

	@TempDir
	Path proc;

	@Test
	void aZombieChildIsAnOrphanOnlyOnceItOutlivedAScan() throws IOException {
		OrphanReaper reaper = new OrphanReaper(this.proc, 1);
		stat(40, "sleep", "Z", 1, 500);
		assertThat(reaper.orphans()).isEmpty();
		assertThat(reaper.orphans()).containsExactly(40L);
	}

	@Test
	void aReusedPidIsANewProcess() throws IOException {
		OrphanReaper reaper = new OrphanReaper(this.proc, 1);
		stat(40, "sleep", "Z", 1, 500);
		reaper.orphans();
		stat(40, "sleep", "Z", 1, 900);
		assertThat(reaper.orphans()).isEmpty();
	}

	@Test
	void runningProcessesAndOthersChildrenAreLeftAlone() throws IOException {
		OrphanReaper reaper = new OrphanReaper(this.proc, 1);
		stat(41, "java", "S", 1, 500);
		stat(42, "sh", "Z", 7, 500);
		stat(43, "a (strange) name", "Z", 1, 600);
		reaper.orphans();
		assertThat(reaper.orphans()).containsExactly(43L);
	}

	private void stat(long pid, String command, String state, long parent, long start) throws IOException {
		Path directory = Files.createDirectories(this.proc.resolve(Long.toString(pid)));
		StringBuilder stat = new StringBuilder(pid + " (" + command + ") " + state + " " + parent);
		for (int field = 5; field <= 21; field++) {
			stat.append(" 0");
		}
		stat.append(' ').append(start).append(" 0 0\n");
		Files.writeString(directory.resolve("stat"), stat.toString());
	}

}
