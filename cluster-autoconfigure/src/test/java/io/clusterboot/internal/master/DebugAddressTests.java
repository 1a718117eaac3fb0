package io.clusterboot.internal.master;

import java.util.Set;

import io.clusterboot.autoconfigure.ClusterProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DebugAddress}: the port of each worker's debugger agent.
 *
 * @author ClusterBoot team
 */
class DebugAddressTests {

	private final ClusterProperties.Worker.Debug settings = new ClusterProperties.Worker.Debug();

	@Test
	void noPortMeansNoDebugger() {
		assertThat(DebugAddress.choose(this.settings, 8, 1, Set.of())).isNull();
	}

	@Test
	void workerNListensOnThePortPlusNMinusOneOfTheLoopbackAddress() {
		this.settings.setPort(5006);
		assertThat(DebugAddress.choose(this.settings, 8, 1, Set.of())).isEqualTo(new DebugAddress("127.0.0.1", 5006));
		assertThat(DebugAddress.choose(this.settings, 8, 3, Set.of(5006, 5007)))
			.isEqualTo(new DebugAddress("127.0.0.1", 5008));
	}

	@Test
	void aWorkerWhoseSlotsPortIsHeldTakesTheNextBankThatIsFree() {
		this.settings.setPort(5006);
		// the new worker of a reload, next to the old one
		assertThat(DebugAddress.choose(this.settings, 8, 2, Set.of(5006, 5007))).extracting(DebugAddress::port)
			.isEqualTo(5015);
		// the next reload, once the old one is gone
		assertThat(DebugAddress.choose(this.settings, 8, 2, Set.of(5006, 5015))).extracting(DebugAddress::port)
			.isEqualTo(5007);
		// a reload while a worker of the slot still drains after a scaling down and up
		assertThat(DebugAddress.choose(this.settings, 8, 2, Set.of(5007, 5015))).extracting(DebugAddress::port)
			.isEqualTo(5023);
	}

	@Test
	void noPortAbove65535() {
		this.settings.setPort(65530);
		assertThat(DebugAddress.choose(this.settings, 8, 6, Set.of())).extracting(DebugAddress::port)
			.isEqualTo(65535);
		assertThat(DebugAddress.choose(this.settings, 8, 6, Set.of(65535))).isNull();
	}

	@Test
	void theAgentListensOnTheConfiguredAddressAndDoesNotWaitForADebugger() {
		this.settings.setPort(5006);
		this.settings.setAddress("*");
		DebugAddress address = DebugAddress.choose(this.settings, 8, 2, Set.of());
		assertThat(address).hasToString("*:5007");
		assertThat(address.agentOption())
			.isEqualTo("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5007");
	}

}
