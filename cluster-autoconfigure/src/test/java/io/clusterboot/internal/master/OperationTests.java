package io.clusterboot.internal.master;

import java.time.Instant;

import io.clusterboot.internal.master.Operation.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Operation}: which operation the cluster is in, and what it refuses on
 * its account.
 *
 * @author ClusterBoot team
 */
class OperationTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private final Operation operation = new Operation(Supervisor.Succession.FIRST);

	@Test
	void aServingClusterRefusesNothing() {
		assertThat(this.operation.kind()).isEqualTo(Kind.NONE);
		assertThat(this.operation.reloadRefusal()).isNull();
		assertThat(this.operation.scalingRefusal()).isNull();
		assertThat(this.operation.upgradeRefusal()).isNull();
		assertThat(this.operation.allowsRecycling()).isTrue();
	}

	@Test
	void aRunningReloadRefusesAnUpgradeAndRecyclingButNotAScaling() {
		this.operation.started(new Reload("1", 2, NOW, 2));
		assertThat(this.operation.kind()).isEqualTo(Kind.RELOAD);
		assertThat(this.operation.upgradeRefusal()).isEqualTo("Reload 1 (generation 2) runs; upgrade once it ended");
		assertThat(this.operation.scalingRefusal()).isNull();
		assertThat(this.operation.allowsRecycling()).isFalse();
	}

	@Test
	void aReloadThatEndedLeavesTheClusterInNoOperation() {
		Reload reload = new Reload("1", 2, NOW, 2);
		this.operation.started(reload);
		reload.fail("The cluster stopped", NOW);
		assertThat(this.operation.kind()).isEqualTo(Kind.NONE);
		assertThat(this.operation.reload()).isSameAs(reload);
	}

	@Test
	void aRunningUpgradeRefusesAReloadAndAScalingButNotRecycling() {
		this.operation.started(new Upgrade(1, NOW, NOW.plusSeconds(60)));
		assertThat(this.operation.kind()).isEqualTo(Kind.UPGRADE);
		assertThat(this.operation.reloadRefusal()).isEqualTo("Master upgrade 1 runs");
		assertThat(this.operation.scalingRefusal()).isEqualTo("Master upgrade 1 runs; scale once it ended");
		assertThat(this.operation.upgradeRefusal()).isNull();
		assertThat(this.operation.allowsRecycling()).isTrue();
	}

	@Test
	void aFailedUpgradeWhoseNewMasterStillStopsRefusesTheNext() {
		Upgrade upgrade = new Upgrade(1, NOW, NOW.plusSeconds(60));
		this.operation.started(upgrade);
		upgrade.started(5000);
		upgrade.fail("the new master did not take over within 1m", NOW, NOW.plusSeconds(35));
		assertThat(this.operation.kind()).isEqualTo(Kind.NONE);
		assertThat(this.operation.upgradeRefusal())
			.isEqualTo("the new master of Master upgrade 1 (pid 5000) still stops");
		upgrade.exited();
		assertThat(this.operation.upgradeRefusal()).isNull();
	}

	@Test
	void aStoppingClusterRefusesEverything() {
		this.operation.stopping();
		assertThat(this.operation.kind()).isEqualTo(Kind.STOPPING);
		assertThat(this.operation.reloadRefusal()).isEqualTo("the cluster is stopping");
		assertThat(this.operation.scalingRefusal()).isEqualTo("The cluster is stopping");
		assertThat(this.operation.upgradeRefusal()).isEqualTo("the cluster is stopping");
		assertThat(this.operation.allowsRecycling()).isFalse();
	}

	@Test
	void aNewMasterRefusesUntilItTookOver() {
		Operation operation = new Operation(new Supervisor.Succession(900L, null, null));
		assertThat(operation.isServingOnItsOwn()).isFalse();
		assertThat(operation.reloadRefusal()).isEqualTo("this master has not taken over from master pid 900 yet");
		assertThat(operation.scalingRefusal()).isEqualTo("This master has not taken over from master pid 900 yet");
		assertThat(operation.upgradeRefusal()).isEqualTo("this master has not taken over from master pid 900 yet");
		assertThat(operation.allowsRecycling()).isTrue();
		operation.tookOver();
		assertThat(operation.isServingOnItsOwn()).isTrue();
		assertThat(operation.reloadRefusal()).isNull();
		assertThat(operation.scalingRefusal()).isNull();
		assertThat(operation.upgradeRefusal()).isNull();
	}

	@Test
	void aMasterThatCannotBeReplacedSaysWhyFirst() {
		Operation operation = new Operation(new Supervisor.Succession(900L, null, "the master is PID 1"));
		assertThat(operation.upgradeRefusal()).isEqualTo("the master is PID 1");
		operation.stopping();
		assertThat(operation.upgradeRefusal()).isEqualTo("the cluster is stopping");
	}

}
