package io.clusterboot.internal.master;

import java.util.Optional;

import io.clusterboot.internal.master.FakeCluster.FakeWorker;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.internal.systemd.ServiceStates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServiceStates}, fed the status of a supervisor run with fakes (here,
 * where {@link FakeCluster} lives).
 *
 * @author ClusterBoot team
 */
class ServiceStatesTests {

	private final ServiceStates states = new ServiceStates();

	private FakeCluster cluster;

	@Test
	void readyOnceEverySlotHasAReadyWorker() {
		this.cluster = FakeCluster.start();
		assertThat(update()).contains("STATUS=0/2 workers ready");
		assertThat(update()).isEmpty();
		this.cluster.ready(this.cluster.forked().get(0));
		assertThat(update()).contains("STATUS=1/2 workers ready");
		this.cluster.ready(this.cluster.forked().get(1));
		assertThat(update()).contains("READY=1\nSTATUS=2/2 workers ready");
		this.cluster.exit(this.cluster.forked().get(0), 1);
		assertThat(update()).as("a crash after start is no new state").contains("STATUS=1/2 workers ready");
	}

	@Test
	void reloadingUntilTheReloadEndsThenReadyAgain() {
		this.cluster = FakeCluster.serving();
		update();
		FakeWorker old1 = this.cluster.forked().get(0);
		FakeWorker old2 = this.cluster.forked().get(1);
		this.cluster.signal("HUP");
		ClusterStatus status = this.cluster.status();
		assertThat(this.states.update(status.workers(), status.reload(), false, 1234))
			.contains("RELOADING=1\nMONOTONIC_USEC=1234\nSTATUS=2/2 workers ready; reloading generation 2: 0/2 replaced");
		this.cluster.ready(this.cluster.newest(1));
		this.cluster.ready(this.cluster.newest(2));
		assertThat(update()).contains("STATUS=2/2 workers ready; reloading generation 2: 2/2 replaced");
		this.cluster.exit(old1, 0);
		this.cluster.exit(old2, 0);
		assertThat(update()).contains("READY=1\nSTATUS=2/2 workers ready");
	}

	@Test
	void aFailedReloadEndsReloadingAndSaysWhy() {
		this.cluster = FakeCluster.serving();
		update();
		this.cluster.signal("HUP");
		update();
		this.cluster.exit(this.cluster.newest(1), 1);
		String failed = update().orElseThrow();
		assertThat(failed).startsWith("READY=1\nSTATUS=2/2 workers ready; last reload failed: ");
		assertThat(failed.lines()).hasSize(2);
	}

	@Test
	void stoppingOnceAndNeverReadyAfterIt() {
		this.cluster = FakeCluster.start();
		update();
		this.cluster.signal("TERM");
		assertThat(update()).contains("STOPPING=1\nSTATUS=0/2 workers ready; stopping");
		this.cluster.ready(this.cluster.forked().get(0));
		assertThat(update()).as("a worker ready while stopping: no READY=1").isEmpty();
	}

	private Optional<String> update() {
		ClusterStatus status = this.cluster.status();
		return this.states.update(status.workers(), status.reload(), this.cluster.isStopping(), 0);
	}

}
